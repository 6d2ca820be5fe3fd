import { Children, cloneElement, forwardRef, isValidElement, version, type HTMLAttributes, type ReactElement, type ReactNode, type Ref } from 'react';
import { composeRefs } from './composeRefs';

type AnyProps = Record<string, unknown>;

const REF_IN_PROPS = /* @__PURE__ */ Number.parseInt(version, 10) >= 19;

function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const name of Object.keys(slotProps)) {
    const slotValue = slotProps[name];
    const childValue = childProps[name];
    if (/^on[A-Z]/.test(name) && typeof slotValue === 'function' && typeof childValue === 'function') {
      // The child's handler first; it can preventDefault() to cancel ours.
      merged[name] = (event: { defaultPrevented?: boolean }, ...rest: unknown[]) => {
        childValue(event, ...rest);
        if (!event?.defaultPrevented) slotValue(event, ...rest);
      };
    } else if (name === 'className' && slotValue && childValue) {
      merged[name] = `${String(slotValue)} ${String(childValue)}`;
    } else if (name === 'style' && slotValue && childValue) {
      merged[name] = { ...(slotValue as object), ...(childValue as object) };
    }
  }
  return merged;
}

/** Renders its single child element with the slot's props merged in (`asChild`). */
export const Slot = /* @__PURE__ */ forwardRef<HTMLElement, HTMLAttributes<HTMLElement> & { children?: ReactNode }>(function Slot(
  { children, ...slotProps },
  forwardedRef,
) {
  if (!isValidElement(children) || Children.count(children) !== 1) {
    throw new Error('asChild needs exactly one element child, e.g. <a href>.');
  }
  const child = children as ReactElement<AnyProps>;
  // React 19 puts ref in props (and warns on element.ref); React 18 keeps it on the element.
  const childRef = (REF_IN_PROPS ? child.props.ref : (child as unknown as { ref?: unknown }).ref) as Ref<HTMLElement> | undefined;
  return cloneElement(child, {
    ...mergeProps(slotProps as AnyProps, child.props),
    ref: composeRefs(forwardedRef, childRef),
  });
});
