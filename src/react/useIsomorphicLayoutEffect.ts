import { useEffect, useLayoutEffect } from 'react';

// useLayoutEffect warns during server rendering; effects don't run there anyway.
export const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect;
