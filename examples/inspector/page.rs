//! The page, rendered on the server. Captured requests are hostile input, so markup is built
//! with [`Html`], which takes markup only as string literals and escapes everything else:
//! nothing a sender puts in a path, a header or a body can become a tag or an attribute.
//! The page's script and style are files of their own, served by the binary, so the
//! Content-Security-Policy can forbid inline script altogether.

use std::fmt;

use hookwire::format::cloudevents::{CloudEvent, Data, Received};
use hookwire::format::listrak::ListrakBody;
use hookwire::format::{lytics, netcore};
use hookwire::http::HeaderMap;
use serde::Serialize;

use crate::decode::{Decoded, Decoding, Format};
use crate::samples::SAMPLES;
use crate::send::SendReport;
use crate::state::{ANSWERS, Capture, Inspector};
use crate::verify::{SCHEMES, Verdict};

pub(crate) const PAGE: &str = include_str!("page.html");
pub(crate) const STYLE: &str = include_str!("style.css");
pub(crate) const SCRIPT: &str = include_str!("app.js");

/// How many captures are open when first shown; older ones show their summary line.
const OPEN_NEWEST: usize = 3;
/// How much of a text body the page shows; the rest is a download away.
const MAX_TEXT: usize = 16 * 1024;
/// How much of a binary body the page shows as hex.
const MAX_HEX: usize = 2 * 1024;
/// How much pretty-printed JSON the page shows.
const MAX_PRETTY: usize = 64 * 1024;
/// How much of one header value the page shows.
const MAX_HEADER: usize = 2 * 1024;
/// How much of an error message the page shows.
const MAX_REASON: usize = 600;

/// HTML under construction. Markup goes in only through [`Html::raw`], which takes a
/// `&'static str` — a literal in this file — and every runtime string through
/// [`Html::text`], which escapes it for text and for quoted attribute values alike.
#[derive(Debug, Default)]
pub(crate) struct Html(String);

impl Html {
    pub(crate) fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Escapes `text`. Control characters (but line breaks and tabs) and the bidirectional
    /// overrides are shown as `\u{…}`: a captured header cannot hide characters or make
    /// text read in another order than it is.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                '\n' | '\t' | '\r' => self.0.push(c),
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                    self.0.push_str(&c.escape_unicode().to_string());
                }
                _ if c.is_control() => self.0.push_str(&c.escape_unicode().to_string()),
                _ => self.0.push(c),
            }
        }
        self
    }

    pub(crate) fn display(&mut self, value: impl fmt::Display) -> &mut Self {
        self.text(&value.to_string())
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

/// What every rendering needs to know about the running inspector.
#[derive(Debug)]
pub(crate) struct View<'a> {
    /// `http://127.0.0.1:PORT`
    pub(crate) base_url: &'a str,
    pub(crate) token: &'a str,
    pub(crate) max_body: usize,
}

/// The whole page.
pub(crate) fn page(view: &View<'_>, inspector: &Inspector) -> String {
    let mut capture_url = Html::default();
    capture_url.text(view.base_url).raw("/in/test");
    let mut token = Html::default();
    token.text(view.token);
    let mut version = Html::default();
    version.display(inspector.version);
    fill(
        PAGE,
        &[
            ("token", &token),
            ("capture_url", &capture_url),
            ("version", &version),
            ("settings", &settings(view, inspector, None)),
            ("send", &send(view, inspector)),
            ("requests", &captures(view, inspector)),
        ],
    )
}

/// `template` with each `{{name}}` replaced by its slot, in one pass from left to right, so
/// a slot's contents are never searched for further slots.
fn fill(template: &str, slots: &[(&str, &Html)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            break;
        };
        match slots.iter().find(|(name, _)| *name == &after[..end]) {
            Some((_, html)) => out.push_str(&html.0),
            None => out.push_str(&rest[start..start + 4 + end]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn hidden_token(html: &mut Html, view: &View<'_>) {
    html.raw(r#"<input type="hidden" name="token" value=""#)
        .text(view.token)
        .raw(r#"">"#);
}

fn option(html: &mut Html, value: &str, label: &str, selected: bool) {
    html.raw(r#"<option value=""#).text(value).raw("\"");
    if selected {
        html.raw(" selected");
    }
    html.raw(">").text(label).raw("</option>");
}

/// The answer, verify and decode settings, with `message` (the outcome of the last change)
/// under them.
pub(crate) fn settings(
    view: &View<'_>,
    inspector: &Inspector,
    message: Option<&Result<String, String>>,
) -> Html {
    let settings = &inspector.settings;
    let mut html = Html::default();
    html.raw(r#"<form class="panel" id="settings-form" method="post" action="/settings" data-target="settings">"#);
    hidden_token(&mut html, view);

    html.raw(r#"<h2>Answer</h2><p class="hint">What <code>/in/…</code> answers, to try a sender's retries.</p><label>Status <select name="status" id="status">"#);
    for (status, label) in ANSWERS {
        option(
            &mut html,
            &status.to_string(),
            label,
            *status == settings.answer.status,
        );
    }
    html.raw(r#"</select></label><label>Retry-After <input type="number" name="retry_after" id="retry-after" min="0" max="86400" value=""#)
        .display(settings.answer.retry_after)
        .raw(r#""> s</label>"#);

    html.raw(r#"<h2>Verify</h2><label>Scheme <select name="scheme" id="scheme">"#);
    for (value, label, secret) in SCHEMES {
        let mut shown = (*label).to_owned();
        if !secret.is_empty() {
            shown.push_str(" — ");
            shown.push_str(secret);
        }
        option(&mut html, value, &shown, *value == settings.check.scheme());
    }
    html.raw(r#"</select></label><label>Secret <input type="password" name="secret" id="secret" autocomplete="off" placeholder="kept in memory; empty keeps the current one"></label><p class="hint" id="check-now">"#);
    match settings.check.masked_secret() {
        Some(masked) => {
            html.raw("Checking ")
                .text(crate::verify::scheme_label(settings.check.scheme()))
                .raw(" with secret <code>")
                .text(masked)
                .raw("</code>.");
        }
        None => {
            html.raw("No check: every request is shown as not checked.");
        }
    }
    html.raw(r#"</p><h2>Decode</h2><label>Format <select name="format" id="format">"#);
    for format in Format::ALL {
        option(
            &mut html,
            format.name(),
            format.label(),
            format == settings.format,
        );
    }
    html.raw(r#"</select></label><button type="submit" id="apply">Apply</button>"#);
    match message {
        Some(Ok(text)) => {
            html.raw(r#"<p class="message ok">"#).text(text).raw("</p>");
        }
        Some(Err(text)) => {
            html.raw(r#"<p class="message bad">"#)
                .text(text)
                .raw("</p>");
        }
        None => {}
    }
    html.raw("</form>");
    html
}

/// The "send test" form and the last report.
pub(crate) fn send(view: &View<'_>, inspector: &Inspector) -> Html {
    let form = &inspector.send;
    let mut html = Html::default();
    html.raw(r#"<form class="panel" id="send-form" method="post" action="/send" data-target="send"><h2>Send test</h2><p class="hint">A signed sample, sent by hookwire's sender.</p>"#);
    hidden_token(&mut html, view);
    html.raw(r#"<label>Sample <select name="sample" id="sample">"#);
    for sample in SAMPLES {
        option(
            &mut html,
            sample.name,
            sample.label,
            sample.name == form.sample,
        );
    }
    html.raw(r#"</select></label><label>To <input type="text" name="url" id="send-url" value=""#)
        .text(&form.url)
        .raw(r#""></label><label>Sign with <select name="scheme" id="send-scheme">"#);
    option(
        &mut html,
        "auto",
        "the sample's own scheme",
        form.scheme == "auto",
    );
    for (value, label, _) in SCHEMES {
        option(&mut html, value, label, *value == form.scheme);
    }
    html.raw(r#"</select></label><label>Secret <input type="password" name="secret" id="send-secret" autocomplete="off" placeholder="used for this request only"></label><label class="check"><input type="checkbox" name="tamper" id="tamper" value="1""#);
    if form.tamper {
        html.raw(" checked");
    }
    html.raw(r#"> change a byte after signing</label><button type="submit" id="send-button">Send</button></form>"#);
    if let Some(report) = &form.report {
        send_report(&mut html, report);
    }
    html
}

fn send_report(html: &mut Html, report: &SendReport) {
    html.raw(r#"<div class="panel report" id="send-report">"#);
    match &report.answer {
        Ok(answer) => {
            let class = if (200..300).contains(&answer.status) {
                r#"<p class="answer ok">"#
            } else {
                r#"<p class="answer bad">"#
            };
            html.raw(class)
                .raw("<b>")
                .display(answer.status)
                .raw(" ")
                .text(answer.reason)
                .raw("</b> in ")
                .display(answer.millis)
                .raw(" ms</p>");
        }
        Err(reason) => {
            html.raw(r#"<p class="answer bad">"#)
                .text(&cut(reason, MAX_REASON))
                .raw("</p>");
        }
    }
    if !report.sender_says.is_empty() {
        html.raw(r#"<p class="sender-says">"#)
            .text(report.vendor)
            .raw(" retry policy: ")
            .text(&report.sender_says)
            .raw("</p>");
    }
    html.raw(r#"<dl class="facts"><dt>sample</dt><dd>"#)
        .text(report.sample)
        .raw("</dd><dt>to</dt><dd><code>")
        .text(&report.url)
        .raw("</code></dd><dt>signed</dt><dd>")
        .text(&report.signing)
        .raw("</dd><dt>message id</dt><dd><code>")
        .text(&report.message_id)
        .raw("</code></dd><dt>body</dt><dd>")
        .text(&size(report.body_size))
        .raw("</dd>");
    if let Some(tampered) = &report.tampered {
        html.raw("<dt>tampered</dt><dd>")
            .text(tampered)
            .raw("</dd>");
    }
    html.raw("</dl>");
    if !report.request_headers.is_empty() {
        html.raw("<details><summary>request headers</summary>");
        header_table(
            html,
            report
                .request_headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        );
        html.raw("</details>");
    }
    if let Ok(answer) = &report.answer {
        html.raw("<details><summary>response</summary>");
        header_table(
            html,
            answer.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        );
        html.raw(r#"<pre class="body">"#)
            .text(&cut(&answer.body, MAX_TEXT))
            .raw("</pre></details>");
    }
    html.raw("</div>");
}

/// The captured requests, newest first.
pub(crate) fn captures(view: &View<'_>, inspector: &Inspector) -> Html {
    let list = &inspector.captures;
    let mut html = Html::default();
    html.raw(r#"<p class="hint" id="count">"#)
        .display(list.len())
        .raw(" kept (the last ")
        .display(list.keep())
        .raw("; bodies over ")
        .text(&size(view.max_body))
        .raw(" are not kept)</p>");
    if list.len() == 0 {
        html.raw(r#"<p class="empty">Nothing yet. Send a request to <code>"#)
            .text(view.base_url)
            .raw("/in/test</code>, or use <b>Send test</b>.</p>");
    }
    for (index, capture) in list.newest_first().enumerate() {
        one_capture(&mut html, capture, index < OPEN_NEWEST);
    }
    html
}

fn one_capture(html: &mut Html, capture: &Capture, open: bool) {
    let analysis = &capture.analysis;
    let (word, badge) = match &analysis.verdict {
        Verdict::Accepted(_) => ("verified", "verified".to_owned()),
        Verdict::Refused { status, .. } => ("refused", format!("refused {status}")),
        Verdict::Unchecked => ("unchecked", "not checked".to_owned()),
    };
    html.raw(r#"<details class="capture" id="c-"#)
        .display(capture.id)
        .raw(r#"" data-verdict=""#)
        .text(word)
        .raw("\"");
    if open {
        html.raw(" open");
    }
    html.raw(r#"><summary><span class="id">#"#)
        .display(capture.id)
        .raw(r#"</span> <span class="method">"#)
        .text(capture.method.as_str())
        .raw(r#"</span> <code class="path">"#)
        .text(&cut(&capture.target, 200))
        .raw(r#"</code> <span class="badge "#)
        .text(word)
        .raw(r#"">"#)
        .text(&badge)
        .raw(r#"</span> <span class="format">"#)
        .text(&decoded_summary(&analysis.decoding))
        .raw(r#"</span><span class="meta">"#)
        .text(&size(capture.body.len()))
        .raw(" · from ")
        .display(capture.peer)
        .raw(" · ")
        .display(capture.at)
        .raw(" · answered ")
        .display(capture.answered)
        .raw("</span></summary>");

    verdict(html, &analysis.verdict);
    decoded(html, &analysis.decoding);
    html.raw(r#"<div class="raw"><div><h3>Headers</h3>"#);
    header_table(html, header_pairs(&capture.headers));
    html.raw("</div><div><h3>Body</h3>");
    body(html, capture);
    html.raw("</div></div></details>");
}

fn verdict(html: &mut Html, verdict: &Verdict) {
    match verdict {
        Verdict::Accepted(proof) => {
            html.raw(r#"<p class="verdict verified"><b>verified</b>: "#)
                .text(proof)
                .raw("</p>");
        }
        Verdict::Refused {
            check,
            status,
            reason,
        } => {
            html.raw(r#"<p class="verdict refused">The <b class="check">"#)
                .text(check)
                .raw("</b> check failed; a receiver would answer <b>")
                .display(status)
                .raw("</b>: ")
                .text(&cut(reason, MAX_REASON))
                .raw("</p>");
        }
        Verdict::Unchecked => {
            html.raw(r#"<p class="verdict unchecked">Not checked: pick a scheme and enter its secret under <b>Verify</b>.</p>"#);
        }
    }
}

/// One line for the summary: the format and how many events.
fn decoded_summary(decoding: &Decoding) -> String {
    let Ok(decoded) = &decoding.result else {
        return format!("not {}", decoding.format.label());
    };
    let events = |n: usize| count(n, "event");
    match decoded {
        Decoded::Netcore(batch) => format!("Netcore batch · {}", events(batch.events.len())),
        Decoded::CloudEvents(Received::Structured(_)) => "CloudEvent, structured".to_owned(),
        Decoded::CloudEvents(Received::Binary(_)) => "CloudEvent, binary".to_owned(),
        Decoded::CloudEvents(Received::Batch(batch)) => {
            format!("CloudEvents batch · {}", events(batch.len()))
        }
        Decoded::Lytics(list) => format!("Lytics · {}", events(list.len())),
        Decoded::Listrak(ListrakBody::Journey(journey)) => {
            format!("Listrak payload · {}", journey.event_type.as_str())
        }
        Decoded::Listrak(_) => "Listrak JSON template".to_owned(),
        Decoded::SmarterLaunch(event) => format!("Smarter Launch · {}", event.event),
        Decoded::Json(_) => "JSON".to_owned(),
        Decoded::Raw => "bytes".to_owned(),
    }
}

fn decoded(html: &mut Html, decoding: &Decoding) {
    html.raw(r#"<section class="decoded"><h3>Decoded as "#)
        .text(decoding.format.label());
    if decoding.detected {
        html.raw(r#" <span class="hint">(detected)</span>"#);
    }
    html.raw("</h3>");
    match &decoding.result {
        Err(err) => {
            html.raw(r#"<p class="error">Not readable as "#)
                .text(decoding.format.label())
                .raw(": ")
                .text(&cut(&err.to_string(), MAX_REASON))
                .raw("</p>");
        }
        Ok(Decoded::Netcore(batch)) => netcore_batch(html, batch),
        Ok(Decoded::CloudEvents(received)) => cloud_events(html, received),
        Ok(Decoded::Lytics(events)) => lytics_events(html, events),
        Ok(Decoded::Listrak(body)) => listrak(html, body),
        Ok(Decoded::SmarterLaunch(event)) => {
            html.raw(r#"<dl class="facts"><dt>event</dt><dd><code>"#)
                .text(&event.event)
                .raw("</code></dd></dl>");
            pretty(html, "data", &event.data);
        }
        Ok(Decoded::Json(value)) => pretty(html, "", value),
        Ok(Decoded::Raw) => {
            html.raw(r#"<p class="hint">No format reads this body: see the bytes below.</p>"#);
        }
    }
    html.raw("</section>");
}

fn netcore_batch(html: &mut Html, batch: &netcore::Batch) {
    html.raw("<p>Panel <code>")
        .text(&batch.panel)
        .raw("</code>: ")
        .text(&count(batch.events.len(), "event"))
        .raw(r#"</p><table class="events"><tr><th>#</th><th>channel</th><th>event</th><th>msgid</th><th>contact</th><th>when</th><th>journey</th></tr>"#);
    for (index, event) in batch.events.iter().enumerate() {
        let params = event.event_params.as_ref();
        let attribute = |name: &str| {
            event
                .att_params
                .as_ref()
                .and_then(|attributes| attributes.get(name))
                .and_then(|value| value.as_str())
                .filter(|text| !text.is_empty())
        };
        let contact = params
            .and_then(|params| params.foreignkey.as_deref())
            .or_else(|| attribute("EMAIL"))
            .or_else(|| attribute("MOBILE"))
            .unwrap_or("");
        cells(
            html,
            &[
                &(index + 1).to_string(),
                event.any_channel().as_ref().map_or("", |c| c.as_str()),
                event.event.as_ref().map_or("", |e| e.as_str()),
                event.msgid.as_deref().unwrap_or(""),
                contact,
                params.and_then(|p| p.timestamp.as_deref()).unwrap_or(""),
                event.journey_name.as_deref().unwrap_or(""),
            ],
        );
    }
    html.raw("</table>");
    let events: Vec<_> = batch.events.iter().collect();
    folded_json(html, "the events as JSON", &events);
}

fn cloud_events(html: &mut Html, received: &Received) {
    let (mode, events): (&str, Vec<&CloudEvent>) = match received {
        Received::Structured(event) => ("Structured mode", vec![event]),
        Received::Binary(event) => ("Binary mode (attributes in ce- headers)", vec![event]),
        Received::Batch(events) => ("Batch", events.iter().collect()),
    };
    html.raw("<p>")
        .text(mode)
        .raw(": ")
        .text(&count(events.len(), "event"))
        .raw("</p>");
    for event in events {
        html.raw(r#"<dl class="facts cloudevent"><dt>id</dt><dd><code>"#)
            .text(event.id())
            .raw("</code></dd><dt>source</dt><dd><code>")
            .text(event.source())
            .raw("</code></dd><dt>type</dt><dd><code>")
            .text(event.ty())
            .raw("</code></dd>");
        let optional = [
            ("subject", event.subject()),
            ("time", event.time()),
            ("datacontenttype", event.datacontenttype()),
            ("dataschema", event.dataschema()),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                fact(html, name, value);
            }
        }
        for (name, value) in event.extensions() {
            fact(html, name, &value.to_string());
        }
        html.raw("</dl>");
        match event.data() {
            Some(Data::Json(value)) => pretty(html, "data", value),
            Some(Data::Binary(bytes)) => {
                html.raw(r#"<p class="label">data (binary)</p>"#);
                hex(html, bytes);
            }
            None => {
                html.raw(r#"<p class="hint">no data</p>"#);
            }
        }
    }
}

fn lytics_events(html: &mut Html, events: &[lytics::Event]) {
    html.raw("<p>")
        .text(&count(events.len(), "event"))
        .raw("</p>");
    for event in events {
        html.raw(r#"<dl class="facts lytics">"#);
        fact(html, "id", &event.id);
        fact(html, "object", &event.meta.object);
        fact(html, "subscription", &event.meta.subscription_id);
        fact(html, "timestamp", &event.meta.timestamp);
        for segment in event.data.segment_events.iter().flatten() {
            let kind = String::from(segment.event.clone());
            let at = segment.enter.as_deref().or(segment.exit.as_deref());
            let text = match at {
                Some(at) => format!("{kind} {} at {at}", segment.slug),
                None => format!("{kind} {}", segment.slug),
            };
            fact(html, "audience", &text);
        }
        html.raw("</dl>");
        pretty(html, "user fields", &event.data.fields);
    }
}

fn listrak(html: &mut Html, body: &ListrakBody) {
    match body {
        ListrakBody::Journey(journey) => {
            html.raw(r#"<dl class="facts listrak">"#);
            fact(html, "mode", "journey payload");
            fact(html, "event", journey.event_type.as_str());
            fact(html, "email", journey.contact.email().unwrap_or("—"));
            fact(html, "phone", journey.contact.phone().unwrap_or("—"));
            fact(html, "products", &journey.products.len().to_string());
            if !journey.coupon_codes.is_empty() {
                fact(html, "coupons", &journey.coupon_codes.join(", "));
            }
            html.raw("</dl>");
            pretty(html, "payload", journey);
        }
        ListrakBody::Template(template) => {
            html.raw(r#"<dl class="facts listrak">"#);
            fact(html, "mode", "JSON template");
            fact(html, "email", template.contact.email().unwrap_or("—"));
            fact(html, "phone", template.contact.phone().unwrap_or("—"));
            html.raw("</dl>");
            pretty(html, "fields", &template.fields);
        }
        // A mode a later hookwire adds: its debug form is still readable.
        other => {
            html.raw("<pre>")
                .text(&cut(&format!("{other:#?}"), MAX_PRETTY))
                .raw("</pre>");
        }
    }
}

fn fact(html: &mut Html, name: &str, value: &str) {
    html.raw("<dt>")
        .text(name)
        .raw("</dt><dd>")
        .text(&cut(value, MAX_HEADER))
        .raw("</dd>");
}

fn cells(html: &mut Html, values: &[&str]) {
    html.raw("<tr>");
    for value in values {
        html.raw("<td>").text(&cut(value, 200)).raw("</td>");
    }
    html.raw("</tr>");
}

/// `value` as indented JSON, under `label` when there is one.
fn pretty(html: &mut Html, label: &str, value: &impl Serialize) {
    if !label.is_empty() {
        html.raw(r#"<p class="label">"#).text(label).raw("</p>");
    }
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|err| format!("({err})"));
    html.raw(r#"<pre class="json">"#)
        .text(&cut(&text, MAX_PRETTY))
        .raw("</pre>");
}

fn folded_json(html: &mut Html, label: &str, value: &impl Serialize) {
    html.raw("<details><summary>").text(label).raw("</summary>");
    pretty(html, "", value);
    html.raw("</details>");
}

/// Header names whose values are credentials: shown masked, like the secrets typed in.
pub(crate) fn is_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "authorization"
        || name == "proxy-authorization"
        || name == "cookie"
        || ["api-key", "apikey", "token", "secret", "password"]
            .iter()
            .any(|part| name.contains(part))
}

/// A request's headers as the page shows them: credentials masked, values as text.
fn header_pairs(headers: &HeaderMap) -> impl Iterator<Item = (&str, String)> {
    headers.iter().map(|(name, value)| {
        let text = String::from_utf8_lossy(value.as_bytes());
        let shown = if is_credential(name.as_str()) {
            crate::verify::mask(&text)
        } else {
            text.into_owned()
        };
        (name.as_str(), shown)
    })
}

fn header_table<'a, V: AsRef<str>>(html: &mut Html, pairs: impl Iterator<Item = (&'a str, V)>) {
    html.raw(r#"<table class="headers">"#);
    for (name, value) in pairs {
        html.raw("<tr><th>")
            .text(name)
            .raw("</th><td>")
            .text(&cut(value.as_ref(), MAX_HEADER))
            .raw("</td></tr>");
    }
    html.raw("</table>");
}

fn body(html: &mut Html, capture: &Capture) {
    if let Some(reason) = &capture.dropped {
        html.raw(r#"<p class="error">"#).text(reason).raw("</p>");
        return;
    }
    let bytes = &capture.body;
    if bytes.is_empty() {
        html.raw(r#"<p class="hint">(empty body)</p>"#);
        return;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            html.raw(r#"<pre class="body">"#)
                .text(&cut(text, MAX_TEXT))
                .raw("</pre>");
        }
        Err(_) => {
            html.raw(r#"<p class="hint">Not UTF-8: shown as hex.</p>"#);
            hex(html, bytes);
        }
    }
    html.raw(r#"<p><a href="/requests/"#)
        .display(capture.id)
        .raw(r#"/raw" download>download the raw body ("#)
        .display(bytes.len())
        .raw(" bytes)</a></p>");
}

/// A hex dump: offset, sixteen bytes, and their printable ASCII.
fn hex(html: &mut Html, bytes: &[u8]) {
    let mut text = String::new();
    for (row, chunk) in bytes[..bytes.len().min(MAX_HEX)].chunks(16).enumerate() {
        text.push_str(&format!("{:06x} ", row * 16));
        for byte in chunk {
            text.push_str(&format!(" {byte:02x}"));
        }
        text.push_str(&"   ".repeat(16 - chunk.len()));
        text.push_str("  ");
        text.extend(chunk.iter().map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '.'
            }
        }));
        text.push('\n');
    }
    if bytes.len() > MAX_HEX {
        text.push_str(&format!("… {} more bytes\n", bytes.len() - MAX_HEX));
    }
    html.raw(r#"<pre class="hex">"#).text(&text).raw("</pre>");
}

/// `text` cut to `max` characters, with a note of what was cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}… ({} more bytes)", &text[..at], text.len() - at),
        None => text.to_owned(),
    }
}

/// "1 event", "2 events".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn size(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
