//! What each subcommand prints for `--help`: the synopsis, every option, and the exit
//! statuses.

/// The help text of `command`, if it is one.
pub(crate) fn of(command: &str) -> Option<&'static str> {
    Some(match command {
        "sign" => SIGN,
        "verify" => VERIFY,
        "schedule" => SCHEDULE,
        "render" => RENDER,
        "receive" => RECEIVE,
        "check-url" => CHECK_URL,
        "simulate" => SIMULATE,
        _ => return None,
    })
}

const SIGN: &str =
    "usage: hookwire sign --scheme S --secret K [--secret K2]… [--id ID] [--timestamp UNIX]
                     [--body FILE|-] [--encoding base64|hex] [--signature-header NAME]

Prints the signature headers for a body, one `Name: value` per line.

  --scheme S             listrak|smarter-launch|standard|standard-v1a|stripe|github|shopify|slack
  --secret K             the key (whsec_/whsk_ for standard); repeat to sign with several
  --id ID                the message id (default msg_<millis>)
  --timestamp UNIX       the signing time (default: now)
  --body FILE|-          the body (default: standard input)
  --encoding E           Listrak only: base64 (default) or hex
  --signature-header N   Smarter Launch only: the header name

exit: 0 printed, 2 usage error
";

const VERIFY: &str =
    "usage: hookwire verify --scheme S --secret K […] [--header \"Name: value\"]… [--body FILE|-]
                       [--now UNIX] [--tolerance SECS] [--signature-header NAME]

Checks a request's signature headers against a body.

  --scheme S             as for sign (standard accepts v1 and v1a)
  --secret K             a key; repeat to accept several
  --header \"N: v\"        a received header; repeat
  --body FILE|-          the body (default: standard input)
  --now UNIX             the time to check timestamps against (default: now)
  --tolerance SECS       the timestamp tolerance, both ways
  --signature-header N   Smarter Launch only: the header name

exit: 0 `valid`, 1 `invalid: <reason>` on stderr, 2 usage error
";

const SCHEDULE: &str = "usage: hookwire schedule --policy P --responses LIST [--id ID]

Drives a real Delivery on a virtual clock against scripted responses.

  --policy P       smarter-launch|lytics|listrak|netcore|svix|standard|exponential
  --responses L    comma-separated: 500, 503:retry-after=120 (or an HTTP-date), error[:dns|tls],
                   timeout; the last entry repeats when the list runs out
  --id ID          the message id (it seeds the jitter)

exit: 0 printed, 2 usage error
";

const RENDER: &str =
    "usage: hookwire render --format F [--input FILE|-] [--template FILE] [--panel NAME]
                       [--source URI] [--type TYPE]

Prints the headers the body needs, a blank line, then the body exactly as sent.

  --format F       json-template|listrak-payload|netcore|lytics|cloudevents|cloudevents-binary|
                   cloudevents-batch
  --input FILE|-   the data to render (default: standard input)
  --template FILE  json-template only: the template
  --panel NAME     netcore: the panel, when the input is an array
  --source URI     cloudevents: the source
  --type TYPE      cloudevents: the type

exit: 0 printed, 1 input that cannot be rendered, 2 usage error
";

const RECEIVE: &str = "usage: hookwire receive --format F --request FILE [--request FILE2]… [--scheme S --secret K …]
                       [--basic-auth USER:PASS]… [--allow-ip CIDR]… [--peer-ip IP] [--max-body BYTES]
                       [--now UNIX] [--replay-window SECS [--replay-state FILE]]

Puts raw HTTP/1.1 requests (request line, headers, blank line, body) through a real
Receiver, in order: an accepted one prints one JSON line per event, a refused one
`reject <status>: <reason>` (400, 413 or 501 for a request whose framing is wrong).

  --format F             netcore|lytics|cloudevents|listrak|smarter-launch
  --request FILE         a request; repeat to send several through the same receiver
  --scheme S, --secret K verify signatures (see sign)
  --basic-auth U:P       require HTTP Basic credentials; repeat to accept several
  --allow-ip CIDR        accept only these source addresses; repeat
  --peer-ip IP           the source address (default 127.0.0.1)
  --max-body BYTES       the body size limit (default 1 MiB)
  --now UNIX             the receiver's clock (default: now)
  --replay-window SECS   refuse a message already accepted (409); SECS is how long a
                         message without a signed timestamp is remembered (needs --scheme)
  --replay-state FILE    load the replay guard from FILE (if it exists) and save it back

exit: 0 every request accepted, 1 one was refused, 2 usage error
";

const CHECK_URL: &str =
    "usage: hookwire check-url URL [--resolved IP]… [--allow CIDR]… [--ports LIST]

Decides, as a sender's SSRF guard does, whether a webhook may go to URL: reads the URL as
the WHATWG URL standard does, then judges the address it names, or every address its
host resolved to (--resolved), against the IANA special-purpose registries.

  --resolved IP    an address the host name resolved to; repeat for each
  --allow CIDR     let this range through although it is not globally reachable; repeat
  --ports LIST     allow only these ports, comma-separated (443,8443)

prints `allow <address:port>` (the one address to connect to) or `deny: <reason>`
exit: 0 allow, 1 deny, 2 usage error
";

const SIMULATE: &str =
    "usage: hookwire simulate --preset P --messages N [--routes R] [--batch SIZE]
                         [--batch-window-ms MS] [--workers N] [--latency-ms MS]
                         [--replies LIST] [--days D]

Runs a real Dispatcher with a vendor's preset on a virtual clock: N messages enqueued at
time 0, round-robin over R routes; every request answered --latency-ms later with the next
status of --replies. Prints one JSON object per line, in time order: transmits, replies,
events, then a summary. Stops when nothing is due, or after --days of virtual time.

  --preset P             listrak|smarter-launch|netcore|lytics|standard-webhooks
  --messages N           how many messages
  --routes R             how many routes (default 1)
  --batch SIZE           batch up to SIZE messages per request (netcore: one panel form;
                         others: a JSON array)
  --batch-window-ms MS   how long the oldest message waits for a batch (default 1000)
  --workers N            requests in flight per route (default 5; lytics at most 20)
  --latency-ms MS        how long each answer takes (default 10)
  --replies LIST         statuses in order, the last repeating (default 200); 429:ra=5
                         adds `Retry-After: 5`
  --days D               the longest virtual run (default 7)

exit: 0 the run printed (whatever its outcomes), 2 a usage error
";
