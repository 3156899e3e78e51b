// Every problem an upload can have: a stable code, where it is (row as Excel shows it, column
// header and letter), the offending value, and the message in Vietnamese first, then English.

export const ERROR_CODES = [
  "unknown_indicator",
  "ambiguous_indicator",
  "unknown_org_unit",
  "ambiguous_org_unit",
  "unknown_period",
  "not_a_number",
  "ambiguous_number",
  "out_of_range",
  "frequency_mismatch",
  "duplicate_key",
  "not_permitted",
  "future_period",
  "locked_period",
  "missing_column",
  "unknown_layout",
  "invalid_status",
  "invalid_basis",
  "unreadable_file",
  "invalid_character",
  "invalid_encoding",
  "stray_quote",
  "unterminated_quote",
  "cell_too_long",
  "text_too_long",
  "too_many_columns",
  "formula_without_value",
  "no_data_rows",
  "question_unanswered",
  "unit_mismatch",
  "plan_not_recordable",
] as const;

export const WARNING_CODES = [
  "large_jump",
  "revises_official",
  "derived_mismatch",
  "plan_differs",
  "no_target",
  "total_mismatch",
  "hidden_row",
  "hidden_sheet",
  "official_kept",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export type WarningCode = (typeof WARNING_CODES)[number];
export type ProblemCode = ErrorCode | WarningCode;

export interface ImportProblem {
  /** 1-based row as the spreadsheet shows it; null for a problem of the whole file */
  row: number | null;
  /** header text of the column, null when the problem is not in one column */
  column: string | null;
  /** column letter as the spreadsheet shows it (A, B, … AA) */
  column_letter: string | null;
  value: string | null;
  code: ProblemCode;
  severity: "error" | "warning";
  message: string;
  message_en: string;
}

export interface ProblemPlace {
  row: number | null;
  /** 0-based column index, or null */
  col: number | null;
  header?: string | null;
  value?: string | null;
}

type Texts = (value: string, detail: string) => [string, string];

const q = (v: string) => `"${v}"`;

const TEXTS: Record<ProblemCode, Texts> = {
  unknown_indicator: (v) => [
    `Không tìm thấy chỉ tiêu ${q(v)} (theo mã, tên hoặc tên tiếng Anh).`,
    `Unknown indicator ${q(v)} (by code, name or English name).`,
  ],
  ambiguous_indicator: (v, d) => [
    `Tên chỉ tiêu ${q(v)} khớp với nhiều chỉ tiêu (${d}); hãy dùng mã chỉ tiêu.`,
    `Indicator ${q(v)} matches several indicators (${d}); use the indicator code.`,
  ],
  unknown_org_unit: (v) => [
    `Không tìm thấy đơn vị/địa bàn ${q(v)} (theo mã, tên hoặc tên tiếng Anh).`,
    `Unknown org unit ${q(v)} (by code, name or English name).`,
  ],
  ambiguous_org_unit: (v, d) => [
    `Tên đơn vị ${q(v)} khớp với nhiều đơn vị (${d}); hãy dùng mã đơn vị.`,
    `Org unit ${q(v)} matches several org units (${d}); use the org unit code.`,
  ],
  unknown_period: (v, d) => [
    `Không đọc được kỳ báo cáo ${q(v)}${d ? ` (${d})` : ""}; ví dụ: "Tháng 3/2024", "Quý I/2024", "6 tháng đầu năm 2024", "Năm 2024", "2024-03".`,
    `Unreadable period ${q(v)}${d ? ` (${d})` : ""}; e.g. "Tháng 3/2024", "Quý I/2024", "6 tháng đầu năm 2024", "Năm 2024", "2024-03".`,
  ],
  not_a_number: (v) => [`Giá trị ${q(v)} không phải là số.`, `Value ${q(v)} is not a number.`],
  ambiguous_number: (v, d) => [
    `Giá trị ${q(v)} có thể hiểu là ${d}: không xác định được dấu thập phân của tệp; hãy chọn quy ước số (dấu phẩy hay dấu chấm thập phân).`,
    `Value ${q(v)} could be ${d}: the file's decimal separator cannot be told; choose the number convention (decimal comma or decimal dot).`,
  ],
  out_of_range: (v, d) => [
    `Giá trị ${q(v)} nằm ngoài khoảng hợp lý của chỉ tiêu (${d}).`,
    `Value ${q(v)} is outside the indicator's plausible range (${d}).`,
  ],
  frequency_mismatch: (v, d) => [
    `Kỳ ${q(v)} không phù hợp với tần suất công bố của chỉ tiêu (${d}).`,
    `Period ${q(v)} does not fit the indicator's reporting frequency (${d}).`,
  ],
  duplicate_key: (v, d) => [
    `Trùng số liệu: ${v} xuất hiện nhiều lần trong tệp (các dòng ${d}).`,
    `Duplicate: ${v} appears more than once in the file (rows ${d}).`,
  ],
  not_permitted: (v) => [
    `Bạn không có quyền nhập số liệu cho ${v} (chỉ tiêu × đơn vị): đơn vị này ngoài phạm vi được giao cho tài khoản của bạn.`,
    `You may not write figures for ${v} (indicator × org unit): that org unit is outside your account's scope.`,
  ],
  future_period: (v) => [
    `Kỳ ${q(v)} chưa bắt đầu: không thể nhập số liệu cho kỳ tương lai.`,
    `Period ${q(v)} has not started: figures for a future period are refused.`,
  ],
  locked_period: (v, d) => [
    `Kỳ ${q(v)} của đơn vị này đã khóa sổ (${d}); không thể sửa số liệu.`,
    `Period ${q(v)} is locked for this org unit (${d}); figures cannot change.`,
  ],
  missing_column: (v, d) => [
    `Thiếu cột ${v}${d ? `: ${d}` : ""}.`,
    `Missing column ${v}${d ? `: ${d}` : ""}.`,
  ],
  unknown_layout: (_v, d) => [
    `Không nhận ra bố cục tệp: cần dòng tiêu đề có cột "Mã chỉ tiêu", "Đơn vị" và hoặc "Kỳ" + "Giá trị" (dạng dọc), hoặc các cột kỳ như "Tháng 1", "Quý I" (dạng ngang).${d ? ` ${d}` : ""}`,
    `Unrecognised layout: the header row needs "indicator", "org unit" and either "period" + "value" (long layout) or period columns such as "Tháng 1", "Quý I" (wide layout).${d ? ` ${d}` : ""}`,
  ],
  invalid_status: (v) => [
    `Trạng thái ${q(v)} không hợp lệ; dùng "ước tính", "sơ bộ" hoặc "chính thức".`,
    `Invalid status ${q(v)}; use "estimate", "preliminary" or "official".`,
  ],
  invalid_basis: (v) => [
    `Cột lũy kế ${q(v)} không hợp lệ; dùng "lũy kế" (cộng dồn từ đầu năm) hoặc để trống (số liệu trong kỳ).`,
    `Invalid basis ${q(v)}; use "ytd" (cumulative from January) or leave empty (the period alone).`,
  ],
  unreadable_file: (_v, d) => [`Không đọc được tệp: ${d}.`, `The file cannot be read: ${d}.`],
  invalid_character: (v) => [
    `Ô chứa ký tự điều khiển không hợp lệ (NUL hoặc mã dưới 32) trong ${q(v)}; hãy xóa ký tự đó.`,
    `The cell holds an invalid control character (NUL or a code below 32) in ${q(v)}; remove it.`,
  ],
  invalid_encoding: (v) => [
    `Ô chứa byte không hợp lệ trong tệp UTF-8 (hiển thị là �) trong ${q(v)}; hãy lưu lại tệp dạng UTF-8.`,
    `The cell holds bytes that are not valid UTF-8 (shown as �) in ${q(v)}; save the file again as UTF-8.`,
  ],
  stray_quote: (v) => [
    `Dấu ngoặc kép (") lạc chỗ: sau dấu đóng ngoặc còn văn bản ${q(v)}; một ô bắt đầu bằng " phải kết thúc bằng " ngay trước dấu phân cách.`,
    `Stray quote ("): text follows the closing quote ${q(v)}; a cell that starts with " must end with " right before the delimiter.`,
  ],
  unterminated_quote: (v) => [
    `Dấu ngoặc kép (") mở ở ô này không bao giờ được đóng: các dòng sau sẽ bị gộp vào ô ${q(v)}.`,
    `The quote (") opened in this cell is never closed: the rows after it would be swallowed into ${q(v)}.`,
  ],
  cell_too_long: (v, d) => [
    `Ô quá dài (${d} ký tự) bắt đầu bằng ${q(v)}.`,
    `The cell is too long (${d} characters) starting ${q(v)}.`,
  ],
  text_too_long: (v, d) => [
    `Văn bản quá dài (${d} ký tự) bắt đầu bằng ${q(v)}.`,
    `The text is too long (${d} characters) starting ${q(v)}.`,
  ],
  too_many_columns: (_v, d) => [`Dòng có quá nhiều cột (${d}).`, `The row has too many columns (${d}).`],
  formula_without_value: (v) => [
    `Ô chứa công thức ${q(v)} nhưng không có giá trị đã tính; hãy mở tệp trong Excel, tính lại và lưu.`,
    `The cell holds the formula ${q(v)} with no calculated value; open the file in Excel, recalculate and save.`,
  ],
  no_data_rows: () => [
    "Tệp không có dòng số liệu nào sau dòng tiêu đề.",
    "The file has no data rows after the header row.",
  ],
  large_jump: (v, d) => [
    `Giá trị ${q(v)} thay đổi ${d}; hãy kiểm tra lại.`,
    `Value ${q(v)} changes ${d}; please check.`,
  ],
  revises_official: (v, d) => [
    `Giá trị ${q(v)} sửa số liệu chính thức hiện có (${d}).`,
    `Value ${q(v)} revises a current official figure (${d}).`,
  ],
  question_unanswered: (v, d) => [
    `Tệp không cho biết ${v}: hãy trả lời câu hỏi${d ? ` (${d})` : ""}; chưa có gì được lưu.`,
    `The file does not say ${v}: answer the question${d ? ` (${d})` : ""}; nothing is saved yet.`,
  ],
  unit_mismatch: (v, d) => [
    `Đơn vị ${q(v)} không đổi được sang đơn vị của chỉ tiêu (${d}); không lưu giá trị sai đơn vị.`,
    `Unit ${q(v)} cannot be converted to the indicator's unit (${d}); nothing is stored in the wrong unit.`,
  ],
  plan_not_recordable: (v, d) => [
    `Không ghi được kế hoạch ${q(v)} thành điều chỉnh chỉ tiêu: ${d}.`,
    `The plan ${q(v)} cannot be recorded as a revision of the target: ${d}.`,
  ],
  derived_mismatch: (v, d) => [
    `Cột tỷ lệ ghi ${q(v)} nhưng tính lại từ số liệu được ${d}; cột này chỉ để kiểm tra, không lưu.`,
    `The ratio column says ${q(v)} but recomputed from the figures it is ${d}; it is a check, never stored.`,
  ],
  plan_differs: (v, d) => [
    `Kế hoạch trong tệp ${q(v)} khác chỉ tiêu trong danh mục (${d}); kế hoạch không được lưu như số liệu.`,
    `The plan in the file ${q(v)} differs from the catalog's target (${d}); a plan is never stored as a figure.`,
  ],
  no_target: (v, d) => [
    `Chưa có chỉ tiêu kế hoạch cho ${v}${d ? ` (${d})` : ""}.`,
    `No target for ${v}${d ? ` (${d})` : ""}.`,
  ],
  total_mismatch: (v, d) => [
    `Dòng tổng ghi ${q(v)} nhưng cộng các dòng được ${d}.`,
    `The total row says ${q(v)} but its parts add up to ${d}.`,
  ],
  hidden_row: (v) => [
    `Dòng này bị ẩn trong Excel nhưng vẫn được đọc${v ? ` (${q(v)})` : ""}; hãy kiểm tra.`,
    `This row is hidden in Excel but is read${v ? ` (${q(v)})` : ""}; please check.`,
  ],
  official_kept: (v, d) => [
    `Giá trị ${q(v)} không được lưu: đã có số liệu chính thức cho cùng khoảng thời gian (${d}); số ước tính hoặc sơ bộ không thay thế số chính thức.`,
    `Value ${q(v)} is not stored: an official figure for the same months exists (${d}); an estimate or a preliminary figure never replaces an official one.`,
  ],
  hidden_sheet: (v) => [`Trang tính ẩn ${q(v)} không được đọc.`, `Hidden sheet ${q(v)} is not read.`],
};

const WARNINGS = new Set<string>(WARNING_CODES);

/** "A", "B", … "Z", "AA" for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `detail` is one text for both languages, or [Vietnamese, English]. */
export function problem(
  code: ProblemCode,
  place: ProblemPlace,
  detail: string | [string, string] = "",
): ImportProblem {
  const value = place.value ?? null;
  const [vi, en] = typeof detail === "string" ? [detail, detail] : detail;
  const message = TEXTS[code](value ?? "", vi)[0];
  const message_en = TEXTS[code](value ?? "", en)[1];
  return {
    row: place.row,
    column: place.header ?? null,
    column_letter: place.col === null ? null : columnLetter(place.col),
    value,
    code,
    severity: WARNINGS.has(code) ? "warning" : "error",
    message,
    message_en,
  };
}

/** An import refused as a whole before any row is read (size, format), or a rollback conflict. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    readonly code:
      | "file_too_large"
      | "file_too_complex"
      | "unreadable_file"
      | "not_found"
      | "conflict"
      | "already_rolled_back",
    readonly vi: string,
    readonly en: string,
    readonly details?: unknown,
  ) {
    super(en);
  }
}

/** A problem found while reading a file (a stray quote, a NUL byte…): where it is and what it holds. */
export class ReadProblem extends Error {
  override name = "ReadProblem";
  constructor(
    readonly code: ErrorCode,
    readonly place: ProblemPlace,
    readonly detail: string | [string, string] = "",
  ) {
    super(`${code} at row ${place.row ?? "-"}, column ${place.col === null ? "-" : columnLetter(place.col)}`);
  }

  toProblem(header?: string | null): ImportProblem {
    return problem(this.code, { ...this.place, header: header ?? this.place.header ?? null }, this.detail);
  }
}

/** The start of a long value, for a message: never the whole 20 MB note. */
export function excerpt(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
