//! Feeds arbitrary bytes to every account-data file parser: `cargo +nightly fuzz run parse_file`
//! from `crates/aws/fuzz`. The first byte picks the parameter's shape, the rest is the file.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nephos_aws::out::{Ctx, Out};
use nephos_aws::services::SOURCES;

fuzz_target!(|data: &[u8]| {
    let (param, bytes) = match data.split_first() {
        Some((0, rest)) => (None, rest),
        Some((1, rest)) => (
            Some("arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/1"),
            rest,
        ),
        Some((_, rest)) => (Some("x"), rest),
        None => (None, data),
    };
    for source in SOURCES {
        let ctx = Ctx {
            account: "111122223333",
            region: "eu-west-1",
            param,
            path: Path::new("fuzz.json"),
        };
        let mut out = Out::default();
        let _ = (source.parse)(&ctx, bytes, &mut out);
        for p in out.patches {
            let mut r = nephos_model::Resource::new(
                nephos_model::ResourceId::new("arn:aws:s3:::x"),
                nephos_model::ResourceKind::Bucket,
                "111122223333",
                None,
                "x",
            );
            (p.apply)(&mut r);
        }
    }
});
