export { type ApiDeps, createApp } from "./app.ts";
export { type AppConfig, readConfig } from "./config.ts";
export { type Services, startServices } from "./services.ts";
export { hashPassword } from "./auth/secrets.ts";
export { LoginThrottle } from "./auth/throttle.ts";
