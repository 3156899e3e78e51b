declare global {
  namespace App {
    interface Error {
      message: string;
      /** the request id the server logged the error under (hooks.server.ts handleError) */
      id?: string;
    }
  }
}

export {};
