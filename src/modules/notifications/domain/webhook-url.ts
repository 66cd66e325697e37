import { isForbiddenAddress, isIpLiteral } from './address-policy';

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * The checks a webhook URL passes when it is registered: http(s) only, no credentials in it, and — unless private
 * targets are allowed — no literal IP outside public unicast. Names are resolved and checked again at every
 * delivery (the only check that DNS rebinding cannot get around).
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute http or https URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'must use http or https' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  if (!url.hostname) return { ok: false, reason: 'must name a host' };
  // WHATWG URL parsing already turned 0x7f.1, 2130706433 and friends into a dotted quad
  if (!allowPrivate && isIpLiteral(url.hostname) && isForbiddenAddress(url.hostname)) {
    return { ok: false, reason: 'must not target a loopback, private, link-local or reserved address' };
  }
  return { ok: true, url: url.toString() };
}
