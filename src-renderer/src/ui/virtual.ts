// For @tanstack/react-virtual lists inside a tab that is hidden (display: none) while another is on
// screen: the views stay mounted, so their lists must come back as they were left.
import { observeElementOffset } from '@tanstack/react-virtual';

/**
 * The virtualizer's offset reading (its `observeElementOffset` option), minus the readings of a
 * hidden list: on another tab a list reads as scrolled to 0 px, and the virtualizer's scroll-end
 * check (150 ms after the last scroll) took that for its offset, so a list scrolled and then left
 * at once came back with its top rows drawn where it is still scrolled down (blank). Shown again,
 * the browser gives the list the offset it had, and the virtualizer still holds it.
 */
export const offsetWhileShown: typeof observeElementOffset<HTMLDivElement> = (instance, cb) =>
  observeElementOffset(instance, (offset, isScrolling) => {
    if (instance.scrollElement && instance.scrollElement.clientHeight > 0) cb(offset, isScrolling);
  });
