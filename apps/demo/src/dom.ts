/** A small element builder: attributes as strings, children as nodes or text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** A log-scale slider: the range input moves log10(value) between log10(min) and log10(max). */
export function logSlider(options: { id: string; label: string; min: number; max: number; value: number; onInput: (value: number) => void }): {
  readonly element: HTMLElement;
  value(): number;
} {
  const input = el('input', {
    type: 'range',
    min: String(Math.log10(options.min)),
    max: String(Math.log10(options.max)),
    step: '0.01',
    value: String(Math.log10(options.value)),
    'data-testid': options.id,
    'aria-label': options.label,
  });
  const readout = el('output', { 'data-testid': `${options.id}-value` });
  const value = (): number => 10 ** Number(input.value);
  const show = (): void => {
    readout.textContent = value().toPrecision(3);
  };
  show();
  input.addEventListener('input', () => {
    show();
    options.onInput(value());
  });
  return { element: el('label', { class: 'slider' }, `${options.label} `, input, ' ', readout), value };
}

/** Disposes every tensor handed to `keep` once the task is over, whatever happens. */
export async function withTensors<T, R>(dispose: (...tensors: T[]) => void, task: (keep: <U extends T>(tensor: U) => U) => Promise<R>): Promise<R> {
  const held: T[] = [];
  try {
    return await task((tensor) => {
      held.push(tensor);
      return tensor;
    });
  } finally {
    dispose(...held);
  }
}

/** A <dt>/<dd> pair for a stats list; `data-stat` lets tests read the value. */
export function stat(key: string, label: string, value: string): HTMLElement[] {
  return [el('dt', {}, label), el('dd', { 'data-stat': key }, value)];
}
