/**
 * The region's seal on the adjusted protokoll (issue 15.4). The adjusters
 * sign the SHA-256 of the content rendition (minutes.pdf_sha256, unchanged);
 * at the last signature the adjusted protokoll – that content plus the
 * signatures, the secretary and the anslagsbevis – is rendered once, sealed
 * as a PDF signature and stored content-addressed: minutes.sealed_sha256 is
 * that file, fixed once set. A sealed rendition cannot be rendered again byte
 * for byte (the signature carries its time), so minutes_rendition says which
 * renditions are sealed. adjuster.signed_via records how each adjuster proved
 * who they were when signing (a fresh sign-in with password or through the
 * region's identity provider).
 */
export const sql = /* sql */ `
alter table minutes add column sealed_sha256 text references stored_file(sha256);
alter table adjuster add column signed_via text check (signed_via in ('password', 'oidc', 'session'));
alter table minutes_rendition add column sealed boolean not null default false;

create or replace function minutes_locked_hash_fixed() returns trigger language plpgsql as $$
begin
  if old.locked_at is not null and (new.pdf_sha256 is distinct from old.pdf_sha256 or new.locked_at is distinct from old.locked_at) then
    raise exception 'Protokollet är justerat: dess kontrollsumma och låsning kan inte ändras';
  end if;
  if old.sealed_sha256 is not null and new.sealed_sha256 is distinct from old.sealed_sha256 then
    raise exception 'Protokollet är justerat och förseglat: den förseglade filen kan inte bytas';
  end if;
  return new;
end $$;
`;
