/**
 * Shallow copies of protobuf-es messages. onnx.proto is proto2: protobuf-es keeps field defaults on the message's
 * prototype, so a plain object spread would lose them. These copies share every field not overridden (initializers
 * of a 500 MB model are not duplicated).
 */
export function shallowCopy<T extends object>(message: T, overrides: Partial<T> = {}): T {
  const copy = Object.create(Object.getPrototypeOf(message) as object) as T;
  Object.assign(copy, message, overrides);
  return copy;
}
