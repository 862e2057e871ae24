export { Badge, type BadgeTone } from './Badge';
export { Button, type ButtonProps } from './Button';
export { copyText } from './clipboard';
export { CopyButton } from './CopyButton';
export { ConfirmDialog, Dialog } from './Dialog';
export { EmptyState } from './EmptyState';
export { JsonView } from './JsonView';
export { Tabs, tabPanelId, type TabItem } from './Tabs';
export { TabCount } from './TabCount';
