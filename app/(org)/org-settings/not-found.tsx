import { NotFoundMessage } from '@/components/shell/not-found-message';

/**
 * Inside the settings frame: a page here that calls notFound() is answered with this, rendered on
 * the server with the frame around it, so the 404 reads the same with JavaScript off.
 */
export default NotFoundMessage;
