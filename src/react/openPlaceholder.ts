/**
 * Opens the tab the portal will load in. Called inside the click so popup blockers
 * allow it; pointed at the link when it arrives. Returns null when blocked.
 */
export function openPlaceholder(): Window | null {
  const tab = window.open('', '_blank');
  if (tab) {
    try {
      tab.opener = null; // the portal must not be able to script this page
      tab.document.title = 'Opening portal…';
    } catch {
      // A locked-down placeholder still navigates.
    }
  }
  return tab;
}
