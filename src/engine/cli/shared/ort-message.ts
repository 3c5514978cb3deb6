/** onnxruntime's error text as a user reads it: no ANSI colour codes, no leading "[ErrorCode:…]" noise, one line. */
export function cleanOrtMessage(message: string): string {
  return message.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim();
}
