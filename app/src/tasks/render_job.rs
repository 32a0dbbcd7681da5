//! One batch of template expressions to evaluate, as the render worker reads it, and its
//! evaluation: every answer capped in size, and the whole batch's too.
//!
//! A batch carries one scope and the pieces to evaluate against it (a piece may set `each`), so
//! a step with a thousand items sends its values once, not a thousand times.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::limits::{MAX_RENDER_OUTPUT_BYTES, MAX_RENDERED_BYTES};
use crate::tasks::expr::{self, ExprError};

/// The argument that makes `runway` a render worker (`runway __render`): it reads one [`Job`]
/// as JSON on its standard input and writes the answers on its standard output.
pub const WORKER_ARG: &str = "__render";

/// What to evaluate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Piece {
    /// Every string inside `template` rendered (`expr::render`).
    Value {
        template: Value,
        each: Option<Value>,
    },
    /// Whether `condition` holds (`expr::holds`): a boolean.
    Holds { condition: Value },
    /// A skeleton's file or file name (`expr::render_text`): a string.
    Text { text: String, cookiecutter: bool },
    /// What `template` computes from secrets (`expr::secret_results`): a list of strings.
    SecretResults {
        template: Value,
        each: Option<Value>,
    },
}

/// Pieces evaluated against one scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    pub scope: Value,
    pub pieces: Vec<Piece>,
}

/// One piece's value, or why it has none.
pub type Answer = Result<Value, ExprError>;

/// Why a whole batch has no answers (the worker's words, for the step's log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0}")]
pub struct JobError(pub String);

/// Evaluates every piece in order. A piece that renders more than [`MAX_RENDERED_BYTES`] is an
/// error of its own; answers past [`MAX_RENDER_OUTPUT_BYTES`] in all fail the batch.
pub fn evaluate(job: Job) -> Result<Vec<Answer>, JobError> {
    let Job { mut scope, pieces } = job;
    let mut total = 0usize;
    let mut answers = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let answer = one(piece, &mut scope).and_then(|value| {
            let size = size_of(&value);
            match size > MAX_RENDERED_BYTES {
                true => Err(ExprError {
                    expression: String::new(),
                    reason: format!(
                        "it renders {size} bytes; a value may have at most {MAX_RENDERED_BYTES}"
                    ),
                }),
                false => Ok((value, size)),
            }
        });
        let answer = answer.map(|(value, size)| {
            total += size;
            value
        });
        if total > MAX_RENDER_OUTPUT_BYTES {
            return Err(JobError(format!(
                "the expressions render more than {MAX_RENDER_OUTPUT_BYTES} bytes in all"
            )));
        }
        answers.push(answer);
    }
    Ok(answers)
}

fn one(piece: Piece, scope: &mut Value) -> Result<Value, ExprError> {
    match piece {
        Piece::Value { template, each } => {
            set_each(scope, each);
            expr::render(&template, scope)
        }
        Piece::Holds { condition } => expr::holds(&condition, scope).map(Value::Bool),
        Piece::Text { text, cookiecutter } => {
            expr::render_text(&text, scope, cookiecutter).map(Value::String)
        }
        Piece::SecretResults { template, each } => {
            set_each(scope, each);
            let found = expr::secret_results(&template, scope);
            Ok(Value::Array(found.into_iter().map(Value::String).collect()))
        }
    }
}

/// The scope's `each` for one piece (none for a piece without).
fn set_each(scope: &mut Value, each: Option<Value>) {
    match each {
        Some(each) => scope["each"] = each,
        None => {
            if let Some(map) = scope.as_object_mut() {
                map.remove("each");
            }
        }
    }
}

/// The bytes a value takes as text: a string's length, or its JSON's.
fn size_of(value: &Value) -> usize {
    match value {
        Value::String(text) => text.len(),
        other => serde_json::to_vec(other).map_or(usize::MAX, |json| json.len()),
    }
}

/// The render worker's whole life: one job in, its answers out. Exit code 0 when it answered
/// (whatever the answers), 2 when its input was not a job. The limits it runs under are set by
/// the server that started it (`render::Renderer`).
pub fn worker_main() -> std::process::ExitCode {
    let mut input = Vec::new();
    if let Err(error) = std::io::stdin().lock().read_to_end(&mut input) {
        eprintln!("runway {WORKER_ARG}: cannot read the job: {error}");
        return std::process::ExitCode::from(2);
    }
    let job: Job = match serde_json::from_slice(&input) {
        Ok(job) => job,
        Err(error) => {
            eprintln!("runway {WORKER_ARG}: not a job: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    drop(input);
    let answers = evaluate(job);
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &answers)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("runway {WORKER_ARG}: cannot write the answers: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(scope: Value, pieces: Vec<Piece>) -> Job {
        Job { scope, pieces }
    }

    #[test]
    fn pieces_are_answered_in_order_with_their_own_each() {
        let scope = json!({"parameters": {"name": "svc"}, "secrets": {"token": "s3cret"}});
        let value = |each| Piece::Value {
            template: json!({"a": "${{ parameters.name }}-${{ each.value }}"}),
            each,
        };
        let answers = evaluate(job(
            scope,
            vec![
                value(Some(json!({"key": 0, "value": "x"}))),
                value(Some(json!({"key": 1, "value": "y"}))),
                Piece::Holds {
                    condition: json!("${{ parameters.name == 'svc' }}"),
                },
                Piece::Text {
                    text: "{{ values.a }}".into(),
                    cookiecutter: true,
                },
                Piece::SecretResults {
                    template: json!({"t": "${{ secrets.token | upper }}"}),
                    each: None,
                },
            ],
        ))
        .unwrap();
        assert_eq!(answers[0], Ok(json!({"a": "svc-x"})));
        assert_eq!(answers[1], Ok(json!({"a": "svc-y"})));
        assert_eq!(answers[2], Ok(json!(true)));
        // The scope has no `values`: a cookiecutter name that is not there renders empty.
        assert_eq!(answers[3], Ok(json!("")));
        assert_eq!(answers[4], Ok(json!(["S3CRET"])));
    }

    /// A value past the cap is that piece's error; the batch goes on.
    #[test]
    fn a_value_too_large_is_its_own_error() {
        let big = "x".repeat(MAX_RENDERED_BYTES / 4);
        let answers = evaluate(job(
            json!({"parameters": {"big": big}}),
            vec![
                Piece::Value {
                    template: json!("${{ parameters.big ~ parameters.big ~ parameters.big ~ parameters.big ~ 'y' }}"),
                    each: None,
                },
                Piece::Holds {
                    condition: json!(true),
                },
            ],
        ))
        .unwrap();
        let error = answers[0].clone().unwrap_err();
        assert!(
            error.reason.contains("a value may have at most"),
            "{error:?}"
        );
        assert_eq!(answers[1], Ok(json!(true)));
    }

    /// Many values each under the cap still fail the batch past the total.
    #[test]
    fn answers_past_the_total_fail_the_batch() {
        let big = "x".repeat(MAX_RENDERED_BYTES - 16);
        let pieces = (0..=MAX_RENDER_OUTPUT_BYTES / MAX_RENDERED_BYTES)
            .map(|_| Piece::Value {
                template: json!("${{ parameters.big }}"),
                each: None,
            })
            .collect();
        let error = evaluate(job(json!({"parameters": {"big": big}}), pieces)).unwrap_err();
        assert!(error.0.contains("in all"), "{error}");
    }
}
