//! A Backstage software template's spec (`scaffolder.backstage.io/v1beta3`) read into types, with
//! every problem named by its field path, as Backstage's own JSON Schema for the kind has it:
//! `type` and `steps` required, `parameters` one form or a list of them, steps that need only an
//! `action` (known to Runway), and `output` with its `links`, `text` and free string fields.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::actions::is_known_action;
use crate::error::{FieldError, describe};

/// A template's spec, as the wizard and the task engine use it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateSpec {
    /// `spec.type`: what the template makes (`service`, `website`, …), for filtering.
    pub kind_of_result: String,
    pub owner: Option<String>,
    /// The wizard's steps; a single `parameters` object is one step.
    pub parameters: Vec<ParameterStep>,
    pub steps: Vec<Step>,
    pub output: Output,
}

/// One page of the wizard: a JSON Schema object with Backstage's `ui:` keys, kept as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterStep {
    pub title: Option<String>,
    pub description: Option<String>,
    pub schema: Map<String, Value>,
}

impl ParameterStep {
    /// The page's title, or `Step n` (1-based `index + 1`) as Backstage names an untitled one.
    pub fn title_at(&self, index: usize) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| format!("Step {}", index + 1))
    }
}

/// One step of the task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// `id`, or `step-<n>` (1-based) when the template gives none, as Backstage names them.
    pub id: String,
    pub name: String,
    pub action: String,
    pub input: Map<String, Value>,
    /// `if`: a boolean or an expression; the step runs when it is absent or truthy.
    pub condition: Option<Value>,
    /// `each`: a list, or an expression giving one; the step runs once per item.
    pub each: Option<Value>,
}

/// What a finished task shows: links, text blocks and any other string fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Output {
    pub links: Vec<Map<String, Value>>,
    pub text: Vec<Map<String, Value>>,
    pub values: Map<String, Value>,
}

/// Fields a step may have; Backstage's schema allows no others that mean anything.
const STEP_FIELDS: &[&str] = &[
    "id",
    "name",
    "action",
    "input",
    "if",
    "each",
    "backstage:permissions",
];

/// Reads `spec` of a Template entity, or every problem with its path (`spec.steps[2].action`).
pub fn read_spec(spec: &Value) -> Result<TemplateSpec, Vec<FieldError>> {
    match spec.as_object() {
        Some(spec) => read_spec_fields(spec),
        None => Err(vec![FieldError::new(
            "spec",
            format!("must be a mapping, not {}", describe(spec)),
        )]),
    }
}

/// [`read_spec`] of a spec already known to be a mapping (the catalog's validation has one).
pub fn read_spec_fields(spec: &Map<String, Value>) -> Result<TemplateSpec, Vec<FieldError>> {
    let mut problems = Vec::new();
    let kind_of_result = required_text(spec, "type", &mut problems);
    let owner = optional_text("spec.owner", spec.get("owner"), &mut problems);
    let parameters = read_parameters(spec.get("parameters"), &mut problems);
    let steps = read_steps(spec.get("steps"), &mut problems);
    let output = read_output(spec.get("output"), &mut problems);
    if problems.is_empty() {
        Ok(TemplateSpec {
            kind_of_result: kind_of_result.unwrap_or_default(),
            owner,
            parameters,
            steps,
            output,
        })
    } else {
        Err(problems)
    }
}

fn required_text(
    spec: &Map<String, Value>,
    field: &str,
    problems: &mut Vec<FieldError>,
) -> Option<String> {
    let at = format!("spec.{field}");
    match spec.get(field) {
        None | Some(Value::Null) => {
            problems.push(FieldError::new(at, "required for a Template"));
            None
        }
        value => optional_text(&at, value, problems),
    }
}

fn optional_text(
    at: &str,
    value: Option<&Value>,
    problems: &mut Vec<FieldError>,
) -> Option<String> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.trim().is_empty() => {
            problems.push(FieldError::new(at, "must not be empty"));
            None
        }
        Some(Value::String(text)) => Some(text.clone()),
        Some(other) => {
            problems.push(FieldError::new(
                at,
                format!("must be text, not {}", describe(other)),
            ));
            None
        }
    }
}

fn read_parameters(value: Option<&Value>, problems: &mut Vec<FieldError>) -> Vec<ParameterStep> {
    let forms: Vec<(String, &Value)> = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("spec.parameters[{i}]"), item))
            .collect(),
        Some(object @ Value::Object(_)) => vec![("spec.parameters".to_owned(), object)],
        Some(other) => {
            problems.push(FieldError::new(
                "spec.parameters",
                format!(
                    "must be a form (a mapping) or a list of forms, not {}",
                    describe(other)
                ),
            ));
            return Vec::new();
        }
    };
    let mut steps = Vec::new();
    for (at, form) in forms {
        let Some(schema) = form.as_object() else {
            problems.push(FieldError::new(
                &at,
                format!("must be a mapping, not {}", describe(form)),
            ));
            continue;
        };
        if let Some(properties) = schema.get("properties").filter(|p| !p.is_object()) {
            problems.push(FieldError::new(
                format!("{at}.properties"),
                format!(
                    "must be a mapping of field names to schemas, not {}",
                    describe(properties)
                ),
            ));
        }
        if let Some(required) = schema.get("required") {
            let names = required
                .as_array()
                .filter(|names| names.iter().all(Value::is_string));
            if names.is_none() {
                problems.push(FieldError::new(
                    format!("{at}.required"),
                    "must be a list of field names",
                ));
            }
        }
        let text = |field: &str, problems: &mut Vec<FieldError>| {
            optional_text(&format!("{at}.{field}"), schema.get(field), problems)
        };
        steps.push(ParameterStep {
            title: text("title", problems),
            description: text("description", problems),
            schema: schema.clone(),
        });
    }
    steps
}

fn read_steps(value: Option<&Value>, problems: &mut Vec<FieldError>) -> Vec<Step> {
    let items = match value {
        None | Some(Value::Null) => {
            problems.push(FieldError::new("spec.steps", "required for a Template"));
            return Vec::new();
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(FieldError::new(
                "spec.steps",
                format!("must be a list of steps, not {}", describe(other)),
            ));
            return Vec::new();
        }
    };
    let mut steps: Vec<Step> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("spec.steps[{i}]");
        let Some(step) = item.as_object() else {
            problems.push(FieldError::new(
                &at,
                format!("must be a mapping, not {}", describe(item)),
            ));
            continue;
        };
        for key in step
            .keys()
            .filter(|key| !STEP_FIELDS.contains(&key.as_str()))
        {
            problems.push(FieldError::new(
                format!("{at}.{key}"),
                format!("unknown field; a step has only {}", STEP_FIELDS.join(", ")),
            ));
        }
        let text = |field: &str, problems: &mut Vec<FieldError>| {
            optional_text(&format!("{at}.{field}"), step.get(field), problems)
        };
        let id = text("id", problems).unwrap_or_else(|| format!("step-{}", i + 1));
        // A set, not a scan of the earlier steps: a 6 MB entity holds 280,000 one-line steps.
        if !ids.insert(id.clone()) {
            problems.push(FieldError::new(
                format!("{at}.id"),
                format!("`{id}` is the id of an earlier step; step ids must be unique"),
            ));
        }
        let name = text("name", problems).unwrap_or_else(|| id.clone());
        let action = match text("action", problems) {
            None if !step.contains_key("action") => {
                problems.push(FieldError::new(
                    format!("{at}.action"),
                    "required for a step",
                ));
                String::new()
            }
            None => String::new(),
            Some(action) if !is_known_action(&action) => {
                problems.push(FieldError::new(
                    format!("{at}.action"),
                    format!("step `{id}` uses the action `{action}`, which Runway does not have"),
                ));
                action
            }
            Some(action) => action,
        };
        let input = match step.get("input") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(input)) => input.clone(),
            Some(other) => {
                problems.push(FieldError::new(
                    format!("{at}.input"),
                    format!("must be a mapping, not {}", describe(other)),
                ));
                Map::new()
            }
        };
        let condition = read_condition(&format!("{at}.if"), step.get("if"), problems);
        let each = step.get("each").filter(|v| !v.is_null()).cloned();
        if let Some(other) = each.as_ref().filter(|v| !v.is_array() && !v.is_string()) {
            problems.push(FieldError::new(
                format!("{at}.each"),
                format!("must be a list or an expression, not {}", describe(other)),
            ));
        }
        steps.push(Step {
            id,
            name,
            action,
            input,
            condition,
            each,
        });
    }
    steps
}

fn read_output(value: Option<&Value>, problems: &mut Vec<FieldError>) -> Output {
    let output = match value {
        None | Some(Value::Null) => return Output::default(),
        Some(Value::Object(output)) => output,
        Some(other) => {
            problems.push(FieldError::new(
                "spec.output",
                format!("must be a mapping, not {}", describe(other)),
            ));
            return Output::default();
        }
    };
    let mut result = Output::default();
    for (key, value) in output {
        let at = format!("spec.output.{key}");
        match key.as_str() {
            "links" => {
                result.links =
                    read_output_items(&at, value, &["url", "entityRef", "title", "icon"], problems)
            }
            "text" => {
                result.text = read_output_items(&at, value, &["title", "icon", "content"], problems)
            }
            _ if value.is_string() => {
                result.values.insert(key.clone(), value.clone());
            }
            _ => problems.push(FieldError::new(
                at,
                format!("must be text, not {}", describe(value)),
            )),
        }
    }
    result
}

/// `output.links` or `output.text`: a list of mappings whose named fields are text (templated),
/// with an optional `if`.
fn read_output_items(
    at: &str,
    value: &Value,
    text_fields: &[&str],
    problems: &mut Vec<FieldError>,
) -> Vec<Map<String, Value>> {
    let Some(items) = value.as_array() else {
        problems.push(FieldError::new(
            at,
            format!("must be a list, not {}", describe(value)),
        ));
        return Vec::new();
    };
    let mut result = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            problems.push(FieldError::new(
                format!("{at}[{i}]"),
                format!("must be a mapping, not {}", describe(item)),
            ));
            continue;
        };
        for field in text_fields {
            if let Some(value) = item.get(*field).filter(|v| !v.is_string() && !v.is_null()) {
                problems.push(FieldError::new(
                    format!("{at}[{i}].{field}"),
                    format!("must be text, not {}", describe(value)),
                ));
            }
        }
        read_condition(&format!("{at}[{i}].if"), item.get("if"), problems);
        result.push(item.clone());
    }
    result
}

/// An `if` (of a step, an output link or text): absent, a boolean, or an expression to evaluate.
fn read_condition(
    at: &str,
    value: Option<&Value>,
    problems: &mut Vec<FieldError>,
) -> Option<Value> {
    match value {
        None | Some(Value::Null) => None,
        Some(value @ (Value::Bool(_) | Value::String(_))) => Some(value.clone()),
        Some(other) => {
            problems.push(FieldError::new(
                at,
                format!(
                    "must be true, false or an expression, not {}",
                    describe(other)
                ),
            ));
            None
        }
    }
}
