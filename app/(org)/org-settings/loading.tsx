import { LoadingPanel } from '@/components/shell/loading-panel';

export default LoadingPanel;
