//! Expressions as Backstage templates write them: types kept, filters, undefined names named.

use serde_json::json;

use super::*;

fn scope() -> Value {
    json!({
        "parameters": {
            "name": "Checkout API",
            "repoUrl": "github.com?owner=acme&repo=checkout",
            "owner": "group:default/payments",
            "tags": ["rust", "api"],
            "replicas": 3,
            "public": false,
        },
        "steps": {"publish": {"output": {"remoteUrl": "https://git.example/acme/checkout.git"}}},
        "user": {"ref": "user:default/ada", "entity": {"metadata": {"name": "ada"}}},
        "$known": ["parameters.optional", "parameters.missing", "steps.skipped"],
    })
}

fn one(text: &str) -> Result<Value, ExprError> {
    render(&json!(text), &scope())
}

#[test]
fn a_lone_expression_keeps_its_type_and_text_is_rendered() {
    assert_eq!(
        one("${{ parameters.tags }}").unwrap(),
        json!(["rust", "api"])
    );
    assert_eq!(one("${{ parameters.replicas }}").unwrap(), json!(3));
    assert_eq!(one("  ${{parameters.public}} ").unwrap(), json!(false));
    assert_eq!(
        one("Repo of ${{ user.entity.metadata.name }}: ${{ steps.publish.output.remoteUrl }}")
            .unwrap(),
        json!("Repo of ada: https://git.example/acme/checkout.git")
    );
    assert_eq!(
        one("no expression {{ here }}").unwrap(),
        json!("no expression {{ here }}")
    );
    let nested = render(
        &json!({"a": ["${{ parameters.replicas }}", {"b": "${{ user.ref }}"}], "n": 1}),
        &scope(),
    )
    .unwrap();
    assert_eq!(nested, json!({"a": [3, {"b": "user:default/ada"}], "n": 1}));
}

#[test]
fn backstage_filters_work_as_templates_use_them() {
    assert_eq!(
        one("${{ parameters.repoUrl | parseRepoUrl }}").unwrap()["owner"],
        json!("acme")
    );
    assert_eq!(
        one("${{ (parameters.repoUrl | parseRepoUrl).repo }}").unwrap(),
        json!("checkout")
    );
    assert_eq!(
        one("${{ parameters.repoUrl | projectSlug }}").unwrap(),
        json!("acme/checkout")
    );
    assert_eq!(
        one("${{ parameters.owner | parseEntityRef | pick('name') }}").unwrap(),
        json!("payments")
    );
    assert_eq!(
        one("${{ 'ada' | parseEntityRef(defaultKind='user', defaultNamespace='people') }}")
            .unwrap(),
        json!({"kind": "user", "namespace": "people", "name": "ada"})
    );
    assert_eq!(
        one("${{ parameters.tags | dump }}").unwrap(),
        json!("[\"rust\",\"api\"]")
    );
    assert_eq!(
        one("${{ parameters.name | lower | replace(' ', '-') }}").unwrap(),
        json!("checkout-api")
    );
    assert_eq!(
        one("${{ parameters.tags | join(',') | upper }}").unwrap(),
        json!("RUST,API")
    );
    assert_eq!(
        one("${{ parameters.tags | first }}").unwrap(),
        json!("rust")
    );
    assert_eq!(one("${{ parameters.tags | last }}").unwrap(), json!("api"));
    assert_eq!(one("${{ parameters.tags | length }}").unwrap(), json!(2));
    assert_eq!(one("${{ '  x ' | trim }}").unwrap(), json!("x"));
    assert_eq!(
        one("${{ parameters.missing | default('none') }}").unwrap(),
        json!("none")
    );
}

#[test]
fn an_undefined_name_fails_naming_the_expression_and_the_name() {
    let error = one("${{ parameters.nmae }}").unwrap_err();
    assert_eq!(error.expression, "${{ parameters.nmae }}");
    assert_eq!(error.reason, "parameters.nmae is not defined");
    let error = one("Hello ${{ usr.ref }}!").unwrap_err();
    assert_eq!(error.reason, "usr is not defined", "{error}");
    let error = one("${{ each.value }}").unwrap_err();
    assert_eq!(error.reason, "each is not defined");
    assert!(one("${{ parameters.repoUrl | nope }}").is_err());
    let error = one("${{ 'x' | parseEntityRef(defaultKnd='user') }}").unwrap_err();
    assert!(error.to_string().contains("defaultKnd"), "{error}");
}

#[test]
fn declared_values_that_are_not_there_are_left_out_and_render_empty() {
    let s = scope();
    let input = json!({"a": "${{ parameters.optional }}", "b": "x${{ steps.skipped.output.url }}y", "c": ["${{ parameters.optional }}"]});
    assert_eq!(render(&input, &s).unwrap(), json!({"b": "xy", "c": [null]}));
    // The expression language cannot reach the list of declared names.
    assert!(one("${{ $known }}").is_err());
    // Loop variables are the text's own.
    assert_eq!(
        one("{% for t in parameters.tags %}${{ t | upper }}{% endfor %}").unwrap(),
        json!("RUSTAPI")
    );
    assert_eq!(
        one("{% set u = user %}${{ u.ref }}").unwrap(),
        json!("user:default/ada")
    );
}

#[test]
fn conditions_are_true_as_backstage_reads_them() {
    let s = scope();
    assert!(holds(&json!("${{ parameters.replicas > 2 }}"), &s).unwrap());
    assert!(!holds(&json!("${{ parameters.public }}"), &s).unwrap());
    // An optional field that was left out is false, not an error.
    assert!(!holds(&json!("${{ parameters.optional }}"), &s).unwrap());
    assert!(holds(&json!(true), &s).unwrap());
    assert!(!holds(&json!(""), &s).unwrap());
    assert!(holds(&json!("${{ parameters.optional is not defined }}"), &s).unwrap());
}

#[test]
fn a_template_cannot_loop_forever_or_blow_up_memory() {
    let started = std::time::Instant::now();
    let error =
        one("${% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}");
    // `${%` is not a block: the text stays text. Real blocks run out of fuel.
    assert!(error.is_ok());
    let error = one(
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}${{ 1 }}",
    )
    .unwrap_err();
    assert!(error.reason.contains("fuel"), "{error}");
    let error = one("${{ 'x' * 4000000000 }}").unwrap_err();
    assert!(error.reason.contains("too large"), "{error}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
