import { ComingSoon } from '@/components/shell/settings-frame';
import { userPage } from '@/lib/auth/pages';
import { getT } from '@/lib/i18n/server';

export default userPage(async function KeysPage() {
  const t = await getT();
  return (
    <ComingSoon
      title={t('sections.keys.title')}
      description={t('sections.keys.description')}
      comingSoon={t('common.comingSoon')}
    />
  );
});
