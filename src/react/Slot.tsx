import { cloneElement, forwardRef, isValidElement, version, type HTMLAttributes, type ReactElement, type ReactNode, type Ref } from 'react';

type AnyProps = Record<string, unknown>;

/** Renders its single child element with the slot's props merged in (`asChild`). */
export const Slot = /* @__PURE__ */ forwardRef<HTMLElement, HTMLAttributes<HTMLElement> & { children?: ReactNode }>(function Slot(
  { children, ...slotProps },
  forwardedRef,
) {
  if (!isValidElement<AnyProps>(children)) throw new Error('asChild needs exactly one element child, e.g. <a href>.');
  const childProps = children.props;
  const props: AnyProps = { ...slotProps, ...childProps };
  for (const [name, ours] of Object.entries(slotProps as AnyProps)) {
    const theirs = childProps[name];
    if (/^on[A-Z]/.test(name) && typeof ours === 'function' && typeof theirs === 'function') {
      // Both handle the event: the child first; it can preventDefault() to cancel ours.
      props[name] = (event: { defaultPrevented?: boolean } | undefined, ...rest: unknown[]) => {
        theirs(event, ...rest);
        if (!event?.defaultPrevented) ours(event, ...rest);
      };
    } else if (name === 'className' && ours && theirs) {
      props[name] = `${String(ours)} ${String(theirs)}`;
    } else if (name === 'style' && ours && theirs) {
      props[name] = { ...(ours as object), ...(theirs as object) };
    }
  }
  // React 19 puts ref in props (and warns on element.ref); React 18 keeps it on the element.
  const childRef = (Number.parseInt(version, 10) > 18 ? childProps.ref : (children as ReactElement & { ref?: unknown }).ref) as Ref<HTMLElement> | undefined;
  props.ref = (node: HTMLElement | null) => {
    for (const ref of [forwardedRef, childRef]) {
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    }
  };
  return cloneElement(children, props);
});
