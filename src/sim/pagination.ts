/** GitHub-style pagination: `per_page` (default 30, max 100), `page`, and a `Link` header. */

export interface PageResult<T> {
  items: T[];
  link: string | undefined;
}

export interface PageRequest {
  /** Request path without query, as the client sent it (including any `/api/v3` prefix). */
  path: string;
  query: URLSearchParams;
  origin: string;
}

export function pageParams(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(Math.max(Number(query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(query.get("page") ?? 1) || 1, 1);
  return { perPage, page };
}

export function paginate<T>(all: readonly T[], req: PageRequest): PageResult<T> {
  const { perPage, page } = pageParams(req.query);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const url = (p: number): string => {
    const q = new URLSearchParams(req.query);
    q.set("per_page", String(perPage));
    q.set("page", String(p));
    return `<${req.origin}${req.path}?${q.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${url(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) rels.push(`${url(1)}; rel="first"`);
  return { items, link: rels.length > 0 ? rels.join(", ") : undefined };
}
