/** Shortens onnxruntime's native error messages to the part a user can act on, on one line. */
export function conciseOrtError(message: string, max = 240): string {
  let s = message.split('\n').find((l) => l.trim() !== '') ?? message;
  s = s.replace(/^.*? was false\. /, '');
  s = s.replace(/\[ONNXRuntimeError\] : \d+ : \w+ : /g, '');
  s = s.replace(/\S*onnxruntime_src\/\S+:\d+ (\S+\(.*?\)(::<lambda\(\)>)? )?/g, '');
  s = s.replace(/Status Message: \S+\.cc:\d+ \S+ /, 'Status Message: ');
  s = s.trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
