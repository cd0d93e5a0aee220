import { sectionMessages } from '@/components/client-messages';

export default sectionMessages('profilePhoto');
