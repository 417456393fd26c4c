/** Names the site shows in more than one place. */
export const siteTitle = 'Web サーバーをよりセキュアにする講座'

export function pageTitle(title?: string): string {
  return title ? `${title} | ${siteTitle}` : siteTitle
}
