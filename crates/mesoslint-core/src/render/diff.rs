//! Unified diffs of fixed files (`--diff`), the format `patch -p1` and `git apply` read.
//!
//! Lines are compared with Myers' O((N+M)·D) algorithm after the common head and tail are cut
//! off; fixes change a few lines, so D is small. Past [`MAX_D`] differences the middle is
//! shown as one replaced block, which keeps the cost bounded on any input.

/// Differences past which the middle is shown as removed and added whole.
const MAX_D: usize = 2000;
/// Frontier entries kept for the walk back, at most (32 MiB).
const MAX_TRACE: usize = 4 << 20;
/// Lines of context around each change.
const CONTEXT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// Split keeping line endings, so a CRLF file diffs as CRLF and a missing final newline shows.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The edit script from `a` to `b`, as (op, index in a or b).
fn script<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<(Op, &'t str)> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out: Vec<(Op, &str)> = a[..head].iter().map(|l| (Op::Same, *l)).collect();
    match myers(ma, mb) {
        Some(mid) => out.extend(mid),
        None => {
            out.extend(ma.iter().map(|l| (Op::Del, *l)));
            out.extend(mb.iter().map(|l| (Op::Add, *l)));
        }
    }
    out.extend(a[a.len() - tail..].iter().map(|l| (Op::Same, *l)));
    out
}

/// Myers' greedy shortest edit script; `None` past [`MAX_D`].
fn myers<'t>(a: &[&'t str], b: &[&'t str]) -> Option<Vec<(Op, &'t str)>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    // Each round keeps a copy of the frontier: bound rounds × width, so memory stays small.
    let limit = max.min(MAX_D).min(MAX_TRACE / (2 * max + 3));
    let off = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = false;
    for d in 0..=limit as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let i = (k + off) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                found = true;
                break;
            }
            k += 2;
        }
        if found {
            break;
        }
    }
    if !found {
        return None;
    }
    // Walk back through the saved frontiers.
    let mut ops = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..trace.len() as isize).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[(k - 1 + off) as usize] < v[(k + 1 + off) as usize])
        {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[(prev_k + off) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push((Op::Same, a[x as usize]));
        }
        if d > 0 {
            if x == prev_x {
                ops.push((Op::Add, b[prev_y as usize]));
            } else {
                ops.push((Op::Del, a[prev_x as usize]));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    ops.reverse();
    Some(ops)
}

fn push_line(out: &mut String, prefix: char, line: &str) {
    out.push(prefix);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The unified diff of one file, `before` `None` for a file that is created. Empty when the
/// texts are equal.
pub fn unified(path: &str, before: Option<&str>, after: &str) -> String {
    let old = before.unwrap_or("");
    if old == after && before.is_some() {
        return String::new();
    }
    let (a, b) = (lines(old), lines(after));
    let ops = script(&a, &b);
    let mut out = match before {
        Some(_) => format!("--- a/{path}\n+++ b/{path}\n"),
        None => format!("--- /dev/null\n+++ b/{path}\n"),
    };
    // Group changes into hunks with CONTEXT lines around them.
    let changed: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].0 != Op::Same).collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT);
        let mut end = changed[i];
        while i < changed.len() && changed[i] <= end + 2 * CONTEXT {
            end = changed[i];
            i += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        // Line numbers at the hunk start.
        let before_a = ops[..start].iter().filter(|o| o.0 != Op::Add).count();
        let before_b = ops[..start].iter().filter(|o| o.0 != Op::Del).count();
        let len_a = ops[start..end].iter().filter(|o| o.0 != Op::Add).count();
        let len_b = ops[start..end].iter().filter(|o| o.0 != Op::Del).count();
        let at = |before: usize, len: usize| if len == 0 { before } else { before + 1 };
        out.push_str(&format!(
            "@@ -{},{len_a} +{},{len_b} @@\n",
            at(before_a, len_a),
            at(before_b, len_b)
        ));
        for (op, line) in &ops[start..end] {
            let prefix = match op {
                Op::Same => ' ',
                Op::Del => '-',
                Op::Add => '+',
            };
            push_line(&mut out, prefix, line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn one_changed_line_with_context() {
        let a = "1\n2\n3\n4\n5\n6\n7\n8\n";
        let b = "1\n2\n3\n4\nfive\n6\n7\n8\n";
        assert_eq!(
            unified("f", Some(a), b),
            "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn created_file_and_missing_newline() {
        assert_eq!(
            unified("q", None, "2\n"),
            "--- /dev/null\n+++ b/q\n@@ -0,0 +1,1 @@\n+2\n"
        );
        assert_eq!(
            unified("m", Some("2"), "3"),
            "--- a/m\n+++ b/m\n@@ -1,1 +1,1 @@\n-2\n\\ No newline at end of file\n+3\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("m", Some("x\n"), "x\n"), "");
    }

    #[test]
    fn distant_changes_make_two_hunks() {
        let a: String = (0..40).map(|i| format!("{i}\n")).collect();
        let b = a
            .replace("\n5\n", "\nfive\n")
            .replace("\n30\n", "\nthirty\n");
        let d = unified("f", Some(&a), &b);
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("-30\n+thirty\n"));
    }

    #[test]
    fn interleaved_changes_are_minimal() {
        let d = unified("f", Some("a\nb\nc\nd\n"), "a\nB\nc\nD\n");
        assert_eq!(d.matches("\n-").count(), 2, "{d}");
        assert_eq!(d.matches("\n+").count() - 1, 2, "{d}");
    }
}
