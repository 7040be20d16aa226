import { useEffect } from 'react';

/** Every page names itself in the browser tab and history: "<page> · Manus". */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Manus` : 'Manus';
  }, [title]);
}
