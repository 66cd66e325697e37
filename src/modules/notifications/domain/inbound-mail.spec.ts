import {
  inboundMessageId,
  isAutoReply,
  messageBodyFrom,
  pidFromSubject,
  stripQuotedReply,
  textFromHtml,
  ticketTitleFrom,
} from './inbound-mail';
import { mailDomain, threadHeaders, threadRootId, ticketIdFromReferences } from './mail-thread';

import { charLength } from '../../../common/text/char-length';

describe('inbound mail', () => {
  it('finds a PID in the subject', () => {
    expect(pidFromSubject('Re: [TKT-202611-000042] New reply: Printer')).toBe('TKT-202611-000042');
    expect(pidFromSubject('re: [tkt-202611-000042]')).toBe('TKT-202611-000042');
    expect(pidFromSubject('TKT-202611-000042 without brackets')).toBeNull();
    expect(pidFromSubject(undefined)).toBeNull();
  });

  it('reads a tag with an impossible month as no PID, and takes the first tag that is one', () => {
    expect(pidFromSubject('Re: [TKT-202600-000001] printer')).toBeNull();
    expect(pidFromSubject('[TKT-202613-000001]')).toBeNull();
    expect(pidFromSubject('[TKT-202600-000001] [tkt-202612-000007]')).toBe('TKT-202612-000007');
    expect(ticketTitleFrom('Re: [TKT-202600-000001] printer')).toBe('[TKT-202600-000001] printer');
    expect(ticketTitleFrom('[TKT-202600-000001] [TKT-202612-000007] [TKT-202612-000008] printer')).toBe(
      '[TKT-202600-000001] [TKT-202612-000008] printer',
    );
  });

  it('keeps only the new part of a reply', () => {
    const text = [
      'Thanks, it works now.',
      '',
      'On Mon, 2 Nov 2026 at 10:00, Helpdesk <desk@example.test> wrote:',
      '> Please restart it',
      '> --',
    ].join('\n');
    expect(stripQuotedReply(text)).toBe('Thanks, it works now.');
    expect(stripQuotedReply('Top\n> quoted\nbottom')).toBe('Top\nbottom');
    expect(stripQuotedReply('Hi\nOn Monday, Helpdesk\n<desk@x> wrote:\n> old')).toBe('Hi');
    expect(stripQuotedReply('Hi\n-----Original Message-----\nFrom: x')).toBe('Hi');
    expect(stripQuotedReply('Hi\n-- \nAda, CEO')).toBe('Hi');
  });

  it('makes titles and bodies that fit the ticket rules', () => {
    expect(ticketTitleFrom('Re: Fwd: VPN down')).toBe('VPN down');
    expect(ticketTitleFrom('')).toBe('(no subject)');
    expect(ticketTitleFrom('x'.repeat(500))).toHaveLength(200);
    expect(messageBodyFrom('> only a quote')).toBe('(empty message)');
    expect(messageBodyFrom('y'.repeat(30000))).toHaveLength(20000);
  });

  it('counts characters as the database does: emoji are one each, and never cut in half', () => {
    // two characters (three UTF-16 units): too short for a title, which needs 3
    expect(ticketTitleFrom('👍!')).toBe('(no subject)');
    expect(ticketTitleFrom('Re: 🙏🙏')).toBe('(no subject)');
    expect(ticketTitleFrom('Re: 🙏🙏🙏')).toBe('🙏🙏🙏');
    const long = ticketTitleFrom('🙂'.repeat(300));
    expect(charLength(long)).toBe(200);
    expect(long).toBe(`${'🙂'.repeat(199)}…`);
    // 20,000 emoji fit a message body (40,000 UTF-16 units), 20,001 are cut to 19,999 and the mark
    expect(messageBodyFrom('🙂'.repeat(20000))).toBe('🙂'.repeat(20000));
    expect(messageBodyFrom('🙂'.repeat(20001))).toBe(`${'🙂'.repeat(19999)}…`);
  });

  it('recognises autoresponders', () => {
    expect(isAutoReply(new Map([['auto-submitted', 'auto-replied']]))).toBe(true);
    expect(isAutoReply(new Map([['auto-submitted', 'no']]))).toBe(false);
    expect(isAutoReply(new Map([['precedence', 'bulk']]))).toBe(true);
    expect(isAutoReply(new Map([['x-autoreply', 'yes']]))).toBe(true);
    expect(isAutoReply(new Map())).toBe(false);
  });

  it('derives a stable id for a mail without Message-ID', () => {
    const digest = 'ab'.repeat(32);
    expect(inboundMessageId('<a@b>', digest)).toBe('<a@b>');
    expect(inboundMessageId(undefined, digest)).toBe(`<${digest}@inbound.invalid>`);
    expect(inboundMessageId('  ', digest)).toBe(`<${digest}@inbound.invalid>`);
  });

  it('reads the text of an HTML part', () => {
    const html =
      '<html><head><title>x</title><style>p{}</style></head><body><!-- hidden --><p>Hello &amp; welcome</p>' +
      '<script>alert(1)</script><div>Line<br>two &#x41;&#66;</div><p>  </p><p>end</p></body></html>';
    expect(textFromHtml(html)).toBe('Hello & welcome\nLine\ntwo AB\n\nend');
    expect(textFromHtml('plain text')).toBe('plain text');
    expect(textFromHtml('before <b unterminated')).toBe('before');
    expect(textFromHtml('a <script>never closed')).toBe('a');
  });

  it('reads hostile HTML in linear time', () => {
    const hostile = [
      '<'.repeat(200_000),
      '<!--'.repeat(50_000),
      '<script>'.repeat(25_000),
      ' '.repeat(200_000),
    ];
    for (const html of hostile) {
      const started = process.hrtime.bigint();
      textFromHtml(`${html}x`);
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
    }
  });
});

describe('mail threading', () => {
  const id = '0b7f6a52-8d1e-4c31-9a3c-1f2e3d4c5b6a';

  it('threads every mail of a ticket under one root', () => {
    expect(mailDomain('Helpdesk <desk@Example.test>')).toBe('example.test');
    expect(mailDomain('nonsense')).toBe('helpdesk.invalid');
    expect(threadRootId(id, 'example.test')).toBe(`<ticket-${id}@example.test>`);
    expect(threadHeaders(id, 'example.test')).toEqual({
      'In-Reply-To': `<ticket-${id}@example.test>`,
      References: `<ticket-${id}@example.test>`,
    });
  });

  it('finds the ticket a reply answers', () => {
    expect(ticketIdFromReferences(['<x@y>', `<ticket-${id}.e.u@example.test>`])).toBe(id);
    expect(ticketIdFromReferences([`<ticket-${id.toUpperCase()}@example.test>`])).toBe(id);
    expect(ticketIdFromReferences(['<other@example.test>'])).toBeNull();
  });
});
