//! Tests of reading a template's spec: Backstage's own shapes accepted, each mistake named by
//! its field path.

use serde_json::{Value, json};

use super::spec::read_spec;

fn fields(spec: Value) -> Vec<String> {
    read_spec(&spec)
        .expect_err("the spec should be refused")
        .into_iter()
        .map(|problem| problem.field)
        .collect()
}

fn backstage_example() -> Value {
    json!({
        "owner": "group:default/platform",
        "type": "service",
        "parameters": [
            {"title": "Fill in some steps", "required": ["name"],
             "properties": {"name": {"title": "Name", "type": "string", "ui:autofocus": true}}},
            {"title": "Choose a location", "required": ["repoUrl"],
             "properties": {"repoUrl": {"type": "string", "ui:field": "RepoUrlPicker",
                                        "ui:options": {"allowedHosts": ["github.com"]}}}}
        ],
        "steps": [
            {"id": "fetch-base", "name": "Fetch Base", "action": "fetch:template",
             "input": {"url": "./template", "values": {"name": "${{ parameters.name }}"}}},
            {"id": "publish", "name": "Publish", "action": "publish:github",
             "input": {"repoUrl": "${{ parameters.repoUrl }}"}},
            {"action": "debug:log", "if": "${{ parameters.name }}"},
            {"id": "register", "name": "Register", "action": "catalog:register",
             "each": ["a", "b"],
             "input": {"repoContentsUrl": "${{ steps['publish'].output.repoContentsUrl }}"}}
        ],
        "output": {
            "links": [{"title": "Repository", "url": "${{ steps['publish'].output.remoteUrl }}"},
                      {"title": "Open in catalog", "icon": "catalog", "entityRef": "${{ steps['register'].output.entityRef }}"}],
            "text": [{"title": "Next", "content": "**Done**"}],
            "remoteUrl": "${{ steps['publish'].output.remoteUrl }}"
        }
    })
}

#[test]
fn backstage_example_reads_into_steps_forms_and_output() {
    let spec = read_spec(&backstage_example()).expect("a valid template");
    assert_eq!(spec.kind_of_result, "service");
    assert_eq!(spec.owner.as_deref(), Some("group:default/platform"));
    assert_eq!(spec.parameters.len(), 2);
    assert_eq!(
        spec.parameters[1].title.as_deref(),
        Some("Choose a location")
    );
    assert!(spec.parameters[0].schema.contains_key("properties"));
    let ids: Vec<&str> = spec.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["fetch-base", "publish", "step-3", "register"]);
    assert_eq!(
        spec.steps[2].name, "step-3",
        "a nameless step is shown by its id"
    );
    assert_eq!(
        spec.steps[2].condition,
        Some(json!("${{ parameters.name }}"))
    );
    assert_eq!(spec.steps[3].each, Some(json!(["a", "b"])));
    assert_eq!(spec.output.links.len(), 2);
    assert_eq!(spec.output.text.len(), 1);
    assert_eq!(spec.output.values.keys().collect::<Vec<_>>(), ["remoteUrl"]);
}

#[test]
fn one_parameters_object_is_one_form() {
    let mut spec = backstage_example();
    spec["parameters"] = json!({"properties": {"name": {"type": "string"}}});
    assert_eq!(read_spec(&spec).unwrap().parameters.len(), 1);
    spec.as_object_mut().unwrap().remove("parameters");
    assert!(
        read_spec(&spec).unwrap().parameters.is_empty(),
        "parameters are optional"
    );
}

#[test]
fn type_and_steps_are_required() {
    assert_eq!(fields(json!({})), ["spec.type", "spec.steps"]);
    assert_eq!(fields(json!({"type": " ", "steps": []})), ["spec.type"]);
    assert_eq!(fields(json!("service")), ["spec"]);
}

#[test]
fn an_unknown_action_is_refused_naming_the_step() {
    let mut spec = backstage_example();
    spec["steps"][1]["action"] = json!("publish:bitbucket");
    let problems = read_spec(&spec).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "spec.steps[1].action");
    assert!(
        problems[0].message.contains("`publish`"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("publish:bitbucket"));
}

#[test]
fn each_step_mistake_has_its_path() {
    let spec = json!({"type": "service", "steps": [
        {"id": "a", "action": "debug:log", "input": "text", "if": 3, "each": {"x": 1}},
        {"id": "a", "action": "debug:log"},
        {"name": "no action"},
        {"action": 7},
        "debug:log",
        {"action": "debug:log", "run": "rm -rf /"}
    ]});
    assert_eq!(
        fields(spec),
        [
            "spec.steps[0].input",
            "spec.steps[0].if",
            "spec.steps[0].each",
            "spec.steps[1].id",
            "spec.steps[2].action",
            "spec.steps[3].action",
            "spec.steps[4]",
            "spec.steps[5].run",
        ]
    );
}

#[test]
fn parameters_and_output_mistakes_have_their_paths() {
    let mut spec = backstage_example();
    spec["parameters"] = json!([{"properties": []}, "name", {"required": "name", "title": 1}]);
    spec["output"] = json!({"links": [{"url": 1, "if": []}, "x"], "text": {}, "extra": 2});
    assert_eq!(
        fields(spec),
        [
            "spec.parameters[0].properties",
            "spec.parameters[1]",
            "spec.parameters[2].required",
            "spec.parameters[2].title",
            // In the order the template has them.
            "spec.output.links[0].url",
            "spec.output.links[0].if",
            "spec.output.links[1]",
            "spec.output.text",
            "spec.output.extra",
        ]
    );
}

#[test]
fn a_step_id_may_not_repeat_a_generated_one() {
    // `step-1` is the name Backstage gives the first step without an id; a later step that
    // calls itself so would make `steps['step-1']` ambiguous.
    let spec = json!({"type": "service", "steps": [{"action": "debug:log"}, {"id": "step-1", "action": "debug:log"}]});
    assert_eq!(fields(spec), ["spec.steps[1].id"]);
}

#[test]
fn many_steps_are_read_in_one_pass() {
    // As many one-line steps as fit the catalog's 6 MB entity limit, the last repeating an id:
    // a check of each id against every earlier one would not finish.
    let mut steps: Vec<Value> = (0..250_000)
        .map(|i| json!({"id": format!("s{i}"), "action": "debug:log"}))
        .collect();
    steps.push(json!({"id": "s7", "action": "debug:log"}));
    let spec = json!({"type": "service", "steps": steps});
    assert_eq!(fields(spec), ["spec.steps[250000].id"]);
}
