use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{is_template, reach, shown};

/// Where apps and pods name container images.
const IMAGE_FIELDS: &[&[&str]] = &[
    &["container", "docker", "image"],
    &["containers", "*", "image", "id"],
];

declare_rule! {
    /// ## What it does
    /// Reports a container image reference that is empty or that Docker cannot parse: a URL
    /// scheme (`docker:///nginx`, `https://registry/x`), whitespace, upper case in the
    /// repository path, an empty path component (`repo//name`), a tag that is not 1 to 128 of
    /// `[A-Za-z0-9_.-]` starting with a letter, digit or `_`, and a digest that is not
    /// `algorithm:hex`.
    ///
    /// ## Why is this bad?
    /// Marathon refuses an empty image ("must not be empty"); a malformed one is accepted and
    /// every task then fails on the agent when Docker or the Mesos image provisioner parses it
    /// ("invalid reference format"), with Marathon relaunching it forever.
    ///
    /// ## Example
    /// ### Invalid: a URL scheme
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "docker:///nginx:1.25"}}}
    /// ```
    /// ### Valid
    /// ```json file:marathon/web.json
    /// {"id": "/web", "container": {"type": "DOCKER", "docker": {"image": "registry.example.com:5000/team/nginx:1.25"}}}
    /// ```
    ///
    /// ## How to fix
    /// Write `[registry[:port]/]name[:tag][@digest]` with a lower-case name.
    ///
    /// ## References
    /// - Docker distribution `reference/reference.go` (the reference grammar); Marathon
    ///   `api/v2/validation/AppValidation.scala` (`docker.image is notEmpty`).
    pub struct ImageInvalid {
        code: "AP008",
        name: "image-invalid",
        severity: Error,
        summary: "A container image reference that is empty or malformed",
    }
}

impl Rule for ImageInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx.cluster.apps.marathon() {
            for path in IMAGE_FIELDS {
                for r in reach(&def.value, path) {
                    let Some(image) = r.value.as_str() else {
                        continue;
                    };
                    if is_template(image) {
                        continue;
                    }
                    if let Err(why) = check_reference(image) {
                        sink.report(
                            Diagnostic::new(&Self::META, format!("{}: image `{}` {why}", def.describe(), shown(image)))
                                .primary(def.span(r.value), "not a valid image reference")
                                .note(if image.is_empty() {
                                    "Marathon refuses the app: \"must not be empty\""
                                } else {
                                    "every task fails on the agent: \"invalid reference format\""
                                })
                                .help("write [registry[:port]/]name[:tag][@digest] with a lower-case name"),
                        );
                    }
                }
            }
        }
    }
}

/// Docker's reference grammar, the parts that real mistakes break.
pub(crate) fn check_reference(s: &str) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err("is empty");
    }
    if s.contains("://") {
        return Err("has a URL scheme; an image reference has none");
    }
    if s.chars().any(char::is_whitespace) {
        return Err("contains whitespace");
    }
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        let ok = d.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && alg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+._-".contains(&b))
                && hex.len() >= 32
                && hex.bytes().all(|b| b.is_ascii_hexdigit())
        });
        if !ok {
            return Err("has a digest that is not algorithm:hex (e.g. sha256:<64 hex digits>)");
        }
    }
    // a tag is after the last ':' that comes after the last '/'
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let b = t.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 128
            && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || b"_.-".contains(c));
        if !ok {
            return Err("has a tag that is not 1 to 128 of [A-Za-z0-9_.-]");
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    // the first component is a registry when it has a '.' or ':' or is localhost
    if parts.len() > 1
        && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
    {
        let reg = parts.remove(0);
        let (host, port) = match reg.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (reg, None),
        };
        if host.is_empty()
            || port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err("has a malformed registry host or port");
        }
    }
    for c in &parts {
        if c.is_empty() {
            return Err("has an empty path component");
        }
        if c.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err("has upper case in its repository name");
        }
        let b = c.as_bytes();
        let alnum = |x: &u8| x.is_ascii_lowercase() || x.is_ascii_digit();
        if !alnum(&b[0])
            || !alnum(&b[b.len() - 1])
            || !b.iter().all(|x| alnum(x) || b"._-".contains(x))
        {
            return Err(
                "has a repository name component that is not [a-z0-9] separated by '.', '_' or '-'",
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_reference;

    #[test]
    fn references() {
        for ok in ["nginx", "nginx:1.25", "library/nginx:latest", "registry.example.com:5000/team/app:v1.2_3",
            "localhost/app", "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "my_repo/app-name.x:TAG"] {
            assert_eq!(check_reference(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "docker:///nginx",
            "https://r/x",
            "Nginx",
            "a//b",
            "app:",
            "app:-x",
            "app b",
            "r:abc/x",
            "app@sha256:zz",
            "-app",
        ] {
            assert!(check_reference(bad).is_err(), "{bad}");
        }
    }
}
