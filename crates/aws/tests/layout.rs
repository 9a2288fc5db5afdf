//! The folder layout: root vs single account folder, account ids, unknown files, coverage from
//! collect-errors.json, not-collected sources, problems for bad files, fatal errors.

mod common;

use std::fs;

use common::{A, B, estate, fixture, rel, res};
use nephos_aws::{ImportError, ImportOptions, ProblemKind, import, import_with};
use nephos_model::{Properties, RelationshipKind as K, ResourceId, ResourceKind};

#[test]
fn root_folder_holds_two_accounts() {
    let imported = estate();
    let inv = &imported.inventory;
    let accounts: Vec<&str> = inv.accounts().into_iter().collect();
    assert_eq!(accounts, vec![A, B]);
    assert_eq!(imported.stats.accounts, 2);
    assert_eq!(imported.stats.resources, inv.len());
    assert_eq!(imported.stats.relationships, inv.relationships().len());
    assert!(imported.stats.files_read >= 100);
    assert!(imported.stats.bytes > 10_000);
    assert!(inv.taken_at.is_some());
    assert!(imported.problems.is_empty(), "{:#?}", imported.problems);
    // the same fact read twice (a trail in two regions, two routes to one gateway) is one relationship
    let mut seen = std::collections::HashSet::new();
    assert!(
        inv.relationships().iter().all(|r| seen.insert(r)),
        "duplicate relationships"
    );
    // regions are resources of each account, contained by it
    assert_eq!(inv.of_kind(ResourceKind::Region).count(), 4);
    assert!(
        rel(
            inv,
            ResourceId::account(B).as_str(),
            K::Contains,
            ResourceId::region(B, "eu-west-1").as_str()
        )
        .is_some()
    );
}

#[test]
fn single_account_folder_imports_alone() {
    let single = import(&fixture("estate/prod")).unwrap();
    let inv = &single.inventory;
    assert_eq!(inv.accounts().into_iter().collect::<Vec<_>>(), vec![A]);
    assert_eq!(res(inv, ResourceId::account(A).as_str()).name, "prod");
    let in_root = estate()
        .inventory
        .resources()
        .iter()
        .filter(|r| r.account == A)
        .count();
    assert_eq!(
        inv.len(),
        in_root,
        "the same resources as from the root folder"
    );
    // the peer VPC was not collected: the relationship still names it
    let pcx = "arn:aws:ec2:eu-west-1:111122223333:vpc-peering-connection/pcx-01";
    assert!(
        rel(
            inv,
            pcx,
            K::Connects,
            "arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0b2"
        )
        .is_some()
    );
    assert!(
        inv.get(&ResourceId::new(
            "arn:aws:ec2:eu-west-1:444455556666:vpc/vpc-0b2"
        ))
        .is_none()
    );
}

#[test]
fn account_id_from_folder_name_when_nothing_else_says() {
    let single = import(&fixture("single")).unwrap();
    let inv = &single.inventory;
    let igw = res(
        inv,
        "arn:aws:ec2:eu-west-1:123456789012:internet-gateway/igw-solo",
    );
    assert_eq!(igw.name, "solo");
    assert_eq!(igw.account, "123456789012");
}

#[test]
fn unknown_files_are_listed_and_ignored() {
    let stats = &estate().stats;
    let names: Vec<String> = stats
        .unknown_files
        .iter()
        .map(|p| {
            p.strip_prefix(fixture("estate"))
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "README.txt",
            "prod/eu-west-1/ec2-describe-widgets.json",
            "prod/notes.txt"
        ]
    );
    let summary = stats.to_string();
    assert!(summary.contains("ignored unknown files (3)"), "{summary}");
}

#[test]
fn coverage_collected_failed_and_not_collected() {
    let imported = estate();
    let cov = &imported.inventory.coverage;
    assert!(cov.is_collected(A, "eu-west-1", "ec2-describe-vpcs"));
    assert!(cov.is_collected(A, "us-east-1", "s3-get-bucket-policy"));
    assert!(
        cov.is_collected(A, "us-east-1", "iam-get-account-password-policy"),
        "`{{}}` is collected"
    );
    assert!(!cov.is_collected(A, "eu-west-1", "accessanalyzer-list-analyzers"));
    let why = cov
        .failure(A, "eu-west-1", "accessanalyzer-list-analyzers")
        .unwrap();
    assert!(
        why.contains("AccessDeniedException") && why.contains("not authorized"),
        "{why}"
    );
    assert!(
        cov.failure(A, "us-east-1", "s3-get-bucket-policy")
            .unwrap()
            .contains("`locked`")
    );

    let nc = &imported.stats.not_collected;
    let find = |account: &str, source: &str| {
        nc.iter()
            .find(|n| n.account == account && n.source == source)
    };
    let analyzers = find(A, "accessanalyzer-list-analyzers").expect("reported");
    assert!(analyzers.regions.contains(&"eu-west-1".to_owned()));
    assert!(
        analyzers
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("AccessDeniedException"))
    );
    // reported once per account and source, with the regions where it is missing
    assert_eq!(
        nc.iter()
            .filter(|n| n.account == A && n.source == "ec2-describe-instances")
            .count(),
        1
    );
    assert_eq!(
        find(A, "ec2-describe-instances").unwrap().regions,
        vec!["us-east-1".to_owned()]
    );
    assert_eq!(
        find(B, "iam-get-credential-report").unwrap().regions,
        vec!["us-east-1".to_owned()]
    );
    // per-parameter sources are expected only where their resources exist
    assert!(
        find(A, "cloudtrail-get-trail-status").is_none(),
        "trail status is read in the trail's home region"
    );
    assert!(find(A, "lambda-get-policy").is_none());
    assert!(
        find(B, "s3-get-bucket-policy").is_none(),
        "no buckets listed in the second account"
    );
    assert_eq!(
        find(A, "ec2-describe-vpcs").unwrap().regions,
        vec!["us-east-1".to_owned()],
        "read in eu-west-1"
    );
    let summary = imported.stats.to_string();
    assert!(summary.contains("accessanalyzer-list-analyzers [eu-west-1, us-east-1]: AccessDeniedException: not authorized"), "{summary}");
}

#[test]
fn bad_files_are_problems_and_the_rest_imports() {
    let imported = import(&fixture("broken")).unwrap();
    let p = &imported.problems;
    let by = |file: &str| {
        p.iter()
            .find(|x| x.path.ends_with(file))
            .unwrap_or_else(|| panic!("no problem for {file}: {p:#?}"))
    };
    let malformed = by("ec2-describe-vpcs.json");
    assert_eq!(malformed.kind, ProblemKind::MalformedJson);
    assert_eq!((malformed.line, malformed.column), (Some(4), Some(30)));
    let truncated = by("ec2-describe-subnets.json");
    assert_eq!(truncated.kind, ProblemKind::TruncatedJson);
    assert!(truncated.line.is_some() && truncated.column.is_some());
    let shape = by("ec2-describe-security-groups.json");
    assert_eq!(shape.kind, ProblemKind::WrongShape);
    assert!(shape.message.contains("GroupId"), "{}", shape.message);
    // Only the bad item is lost: the problem names it (index and the line of its object) and the
    // groups before and after it are imported.
    assert!(
        shape.message.contains("list item 1 skipped"),
        "{}",
        shape.message
    );
    assert!(matches!(shape.line, Some(9..=13)), "{shape:?}");
    for kept in ["sg-before", "sg-after"] {
        let id = format!("arn:aws:ec2:eu-west-1:999988887777:security-group/{kept}");
        assert!(
            imported.inventory.get(&ResourceId::new(&id)).is_some(),
            "{id}"
        );
    }
    let shown = malformed.to_string();
    assert!(
        shown.contains("ec2-describe-vpcs.json:4:30: malformed_json"),
        "{shown}"
    );
    // an account folder whose id cannot be told is skipped with a problem
    let mystery = p
        .iter()
        .find(|x| x.kind == ProblemKind::UnknownAccount)
        .expect("unknown account");
    assert!(mystery.path.ends_with("mystery"));
    // the good file of the broken account still imports
    let inv = &imported.inventory;
    assert!(
        inv.get(&ResourceId::new(
            "arn:aws:ec2:eu-west-1:999988887777:internet-gateway/igw-ok"
        ))
        .is_some()
    );
    assert_eq!(
        inv.accounts().into_iter().collect::<Vec<_>>(),
        vec!["999988887777"]
    );
    let cov = &inv.coverage;
    assert!(
        cov.failure("999988887777", "eu-west-1", "ec2-describe-vpcs")
            .is_some()
    );
    assert!(!cov.is_collected("999988887777", "eu-west-1", "ec2-describe-subnets"));
    // a file read in part is not "collected": nothing may be concluded from what it lacks
    assert!(!cov.is_collected("999988887777", "eu-west-1", "ec2-describe-security-groups"));
    assert!(
        cov.failure("999988887777", "eu-west-1", "ec2-describe-security-groups")
            .is_some()
    );
    assert!(cov.is_collected(
        "999988887777",
        "eu-west-1",
        "ec2-describe-internet-gateways"
    ));
}

#[test]
fn malformed_collect_errors_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let acct = tmp.path().join("111122223333");
    fs::create_dir_all(acct.join("eu-west-1")).unwrap();
    fs::write(
        acct.join("eu-west-1/ec2-describe-internet-gateways.json"),
        r#"{"InternetGateways": []}"#,
    )
    .unwrap();
    fs::write(
        acct.join("collect-errors.json"),
        "[{\"region\": \"eu-west-1\", \"service\": ",
    )
    .unwrap();
    let imported = import(tmp.path()).unwrap();
    assert_eq!(imported.problems.len(), 1, "{:#?}", imported.problems);
    let p = &imported.problems[0];
    assert!(p.path.ends_with("collect-errors.json"));
    assert_eq!(p.kind, ProblemKind::TruncatedJson);
    // the account still imports, by its folder name
    assert!(imported.inventory.coverage.is_collected(
        "111122223333",
        "eu-west-1",
        "ec2-describe-internet-gateways"
    ));
}

#[test]
fn files_over_the_limit_are_refused() {
    let imported = import_with(
        &fixture("estate/prod"),
        &ImportOptions {
            max_file_bytes: 2_000,
        },
    )
    .unwrap();
    let too_large: Vec<_> = imported
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::TooLarge)
        .collect();
    assert!(too_large.iter().any(|p| {
        p.path
            .ends_with("iam-get-account-authorization-details.json")
    }));
    assert!(
        too_large
            .iter()
            .all(|p| fs::metadata(&p.path).unwrap().len() > 2_000)
    );
    // small files still import
    let inv = &imported.inventory;
    assert!(
        inv.get(&ResourceId::new(
            "arn:aws:sns:eu-west-1:111122223333:alerts"
        ))
        .is_some()
    );
    assert!(
        inv.get(&ResourceId::new("arn:aws:iam::111122223333:user/alice"))
            .is_none()
    );
}

#[test]
fn fatal_errors() {
    let missing = fixture("no-such-folder");
    assert!(matches!(
        import(&missing),
        Err(ImportError::Unreadable { .. })
    ));
    let file = fixture("estate/README.txt");
    let err = import(&file).unwrap_err();
    assert!(matches!(err, ImportError::NotADirectory(_)));
    assert!(err.to_string().contains("README.txt"));
    let empty = tempfile::tempdir().unwrap();
    fs::write(empty.path().join("x.json"), "{}").unwrap();
    assert!(matches!(
        import(empty.path()),
        Err(ImportError::NoAccounts(_))
    ));
}

#[test]
fn per_parameter_names_are_percent_decoded() {
    // the listener file is named by the URL-encoded load balancer ARN
    let inv = &estate().inventory;
    let listener = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web-alb/50dc6c495c0c9188/a1";
    let Properties::Listener(l) = &res(inv, listener).props else {
        panic!()
    };
    assert_eq!(
        l.load_balancer_arn,
        "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web-alb/50dc6c495c0c9188"
    );
    assert_eq!(l.default_actions[0].action_type, "redirect");
}

/// Writes an account folder holding only its identity and the organization it belongs to.
#[allow(clippy::unwrap_used, reason = "test fixture")]
fn org_member(root: &std::path::Path, account: &str, management: &str) {
    let dir = root.join(account).join("us-east-1");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("sts-get-caller-identity.json"),
        format!(r#"{{"Account": "{account}", "Arn": "arn:aws:iam::{account}:user/audit"}}"#),
    )
    .unwrap();
    fs::write(
        dir.join("organizations-describe-organization.json"),
        format!(r#"{{"Organization": {{"Id": "o-abc", "MasterAccountId": "{management}"}}}}"#),
    )
    .unwrap();
}

#[test]
fn organizations_listings_are_expected_from_the_management_account_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (mgmt, member) = ("111111111111", "222222222222");
    org_member(tmp.path(), mgmt, mgmt);
    org_member(tmp.path(), member, mgmt);
    // A member denied the listing calls is the expected answer; it is kept as coverage, not a gap.
    fs::write(
        tmp.path().join(member).join("collect-errors.json"),
        r#"[{"region": "us-east-1", "service": "organizations", "operation": "list-accounts",
             "parameter": null, "error_code": "AccessDeniedException", "message": "denied"}]"#,
    )
    .unwrap();
    // The demo's answer key beside the accounts is not account data and not "unknown".
    fs::write(tmp.path().join("labels.json"), "{}").unwrap();

    let imported = import(tmp.path()).unwrap();
    let nc = &imported.stats.not_collected;
    let reported = |account: &str, source: &str| {
        nc.iter()
            .any(|n| n.account == account && n.source == source)
    };
    assert!(reported(mgmt, "organizations-list-accounts"));
    assert!(reported(mgmt, "organizations-list-policies"));
    assert!(!reported(member, "organizations-list-accounts"));
    assert!(!reported(member, "organizations-list-roots"));
    assert!(
        imported
            .inventory
            .coverage
            .failure(member, "us-east-1", "organizations-list-accounts")
            .is_some()
    );
    assert!(
        imported.stats.unknown_files.is_empty(),
        "{:?}",
        imported.stats.unknown_files
    );
}

#[test]
fn an_account_that_could_not_be_entered_is_reported_not_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, denied) = ("111111111111", "333333333333");
    org_member(tmp.path(), ok, ok);
    // What `nephos collect` writes for an account whose role cannot be assumed.
    fs::create_dir_all(tmp.path().join(denied)).unwrap();
    fs::write(
        tmp.path().join(denied).join("collect-errors.json"),
        r#"[{"region": "us-east-1", "service": "sts", "operation": "assume-role",
             "parameter": "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole",
             "error_code": "AccessDenied", "message": "not authorized: account not collected"}]"#,
    )
    .unwrap();
    let imported = import(tmp.path()).unwrap();
    assert!(
        imported.stats.unknown_files.is_empty(),
        "{:?}",
        imported.stats.unknown_files
    );
    let why = imported
        .inventory
        .coverage
        .failure(denied, "us-east-1", "sts-assume-role")
        .expect("the failed account is in the coverage");
    assert!(why.contains("AccessDenied"), "{why}");
    assert!(imported.problems.is_empty(), "{:#?}", imported.problems);
    let summary = imported.stats.to_string();
    assert!(summary.contains(denied), "{summary}");
    // it was not entered: no resources of it, nothing listed as missing but the failure itself
    assert_eq!(imported.stats.accounts, 1);
    assert!(
        imported
            .inventory
            .resources()
            .iter()
            .all(|r| r.account != denied)
    );
    let missing: Vec<_> = imported
        .stats
        .not_collected
        .iter()
        .filter(|n| n.account == denied)
        .map(|n| n.source.as_str())
        .collect();
    assert_eq!(missing, ["sts-assume-role"], "{summary}");
}
