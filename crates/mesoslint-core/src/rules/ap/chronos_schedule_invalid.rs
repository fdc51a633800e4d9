use crate::declare_rule;
use crate::diagnostic::Diagnostic;

use crate::rule::{Context, Rule, RuleMeta, Sink};

use super::util::{is_template, shown};

declare_rule! {
    /// ## What it does
    /// Reports a Chronos job whose `schedule` is not an ISO 8601 repeating interval
    /// `R[n]/[start]/period`: `R` or `R` and a count, an optional start date-time
    /// (`2026-01-01T02:00:00Z`, with a `Z` or `+hh:mm` offset or none), and a duration such as
    /// `P1D`, `PT30M`, `P1W`, `P1Y2M3DT4H5M6S`. A valid schedule whose start lies before 1970
    /// is reported too.
    ///
    /// ## Why is this bad?
    /// Chronos answers `400` and does not store the job ("Cannot parse schedule '<schedule>'
    /// (wtf bro)", and "Scheduled start date '<date>' is before 1970!"; Chronos 3.0.2
    /// `Iso8601JobResource.scala:41-57`); jobs posted by a pipeline are then missing without
    /// anyone noticing until the job does not run.
    ///
    /// ## Example
    /// ### Invalid: a cron expression
    /// ```json file:chronos/nightly.json
    /// {"name": "nightly", "command": "report.sh", "schedule": "0 2 * * *"}
    /// ```
    /// ### Valid
    /// ```json file:chronos/nightly.json
    /// {"name": "nightly", "command": "report.sh", "schedule": "R/2026-01-01T02:00:00Z/P1D"}
    /// ```
    ///
    /// ## How to fix
    /// Write `R/<first run>/<period>`: `R/2026-01-01T02:00:00Z/P1D` runs daily at 02:00 UTC.
    ///
    /// ## References
    /// - Chronos `docs/docs/api.md` ("Adding a scheduled job"); ISO 8601 repeating intervals.
    pub struct ChronosScheduleInvalid {
        code: "AP012",
        name: "chronos-schedule-invalid",
        severity: Error,
        summary: "A Chronos schedule that is not an ISO 8601 repeating interval",
    }
}

impl Rule for ChronosScheduleInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, sink: &mut Sink) {
        for def in cx
            .cluster
            .apps
            .defs
            .iter()
            .filter(|d| d.kind == crate::model::apps::DefKind::Chronos)
        {
            let Some(v) = def.get("schedule") else {
                continue;
            };
            let Some(s) = v.as_str() else { continue };
            if is_template(s) {
                continue;
            }
            if let Err(why) = check_schedule(s) {
                let quoted = format!(
                    "Chronos refuses the job (400): \"Cannot parse schedule '{}' (wtf bro)\"",
                    shown(s)
                );
                sink.report(
                    Diagnostic::new(
                        &Self::META,
                        format!("{}: schedule `{}` {why}", def.describe(), shown(s)),
                    )
                    .primary(def.span(v), "not R[n]/[start]/period")
                    .note(quoted)
                    .help("write R/<first run>/<period>, e.g. R/2026-01-01T02:00:00Z/P1D"),
                );
                continue;
            }
            super::chronos::start_before_1970(&Self::META, def, sink);
        }
    }
}

pub(crate) fn check_schedule(s: &str) -> Result<(), &'static str> {
    let parts: Vec<&str> = s.split('/').collect();
    let [rep, start, period] = parts.as_slice() else {
        return Err("does not have the three parts R[n]/start/period");
    };
    let count = rep
        .strip_prefix('R')
        .ok_or("does not start with R (repetitions)")?;
    if !count.bytes().all(|b| b.is_ascii_digit()) {
        return Err("has a repetition count that is not a number");
    }
    if !start.is_empty() && !date_time(start) {
        return Err("has a start that is not an ISO 8601 date-time");
    }
    if !duration(period) {
        return Err("has a period that is not an ISO 8601 duration");
    }
    Ok(())
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]`.
fn date_time(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    if !(d.len() == 3 && digits(d[0], 4) && digits(d[1], 2) && digits(d[2], 2)) {
        return false;
    }
    let (clock, _zone) = match time.find(['Z', '+', '-']) {
        Some(i) => {
            let zone = &time[i..];
            let ok = zone == "Z" || {
                let z = &zone[1..];
                digits(z, 2) || digits(&z.replace(':', ""), 4)
            };
            if !ok {
                return false;
            }
            (&time[..i], zone)
        }
        None => (time, ""),
    };
    let clock = clock.split('.').next().unwrap_or(clock);
    let c: Vec<&str> = clock.split(':').collect();
    (c.len() == 2 || c.len() == 3) && c.iter().all(|p| digits(p, 2))
}

/// `PnYnMnWnDTnHnMnS` with at least one component (numbers may have a fraction).
fn duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let fields = |text: &str, units: &str| -> Option<usize> {
        let mut n = 0;
        let mut num = String::new();
        let mut allowed = units;
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                num.push(c);
            } else {
                let pos = allowed.find(c)?;
                if num.is_empty() {
                    return None;
                }
                allowed = &allowed[pos + 1..];
                num.clear();
                n += 1;
            }
        }
        num.is_empty().then_some(n)
    };
    let Some(nd) = fields(date, "YMWD") else {
        return false;
    };
    let nt = match time {
        Some(t) => match fields(t, "HMS") {
            Some(0) | None => return false,
            Some(k) => k,
        },
        None => 0,
    };
    nd + nt > 0
}

#[cfg(test)]
mod tests {
    use super::check_schedule;

    #[test]
    fn schedules() {
        for ok in [
            "R/2026-01-01T02:00:00Z/P1D",
            "R5/2026-01-01T02:00:00.000Z/PT30M",
            "R//PT1H",
            "R/2026-01-01T02:00+01:00/P1W",
            "R0/2026-01-01T02:00:00/P1Y2M3DT4H5M6S",
        ] {
            assert_eq!(check_schedule(ok), Ok(()), "{ok}");
        }
        for bad in [
            "0 2 * * *",
            "R/2026-01-01/P1D",
            "X/2026-01-01T00:00:00Z/P1D",
            "R/2026-01-01T00:00:00Z/1D",
            "R/2026-01-01T00:00:00Z/PT",
            "R/2026-01-01T00:00:00Z/P",
            "Rx//P1D",
            "R/2026-01-01T00:00:00Z/P1H",
        ] {
            assert!(check_schedule(bad).is_err(), "{bad}");
        }
    }
}
