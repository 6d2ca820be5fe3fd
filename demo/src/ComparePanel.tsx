import { PortalLink } from '@kinde-oss/kinde-auth-react/components';
import { SelfServePortalButton } from 'react-self-serve-portal';

/** Kinde's own PortalLink beside ours, for the side-by-side benchmark (?compare). */
export function ComparePanel() {
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <PortalLink subNav={'organization_details' as never}>Kinde PortalLink</PortalLink>{' '}
      <SelfServePortalButton subNav="organization_details">Library button</SelfServePortalButton>{' '}
      <SelfServePortalButton subNav="organization_details" prefetch="intent">
        Library button (prefetch)
      </SelfServePortalButton>
    </section>
  );
}
