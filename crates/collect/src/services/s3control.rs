//! S3 Control (under us-east-1): the account-level Block Public Access settings.

use aws_sdk_s3control::Client;

use crate::ctx::Ctx;
use crate::json::obj;

/// `s3control-get-public-access-block.json`; `{}` when the account has none.
pub(crate) async fn collect(cx: &Ctx, account_id: &str) {
    let c = Client::new(&cx.sdk);
    let op = "get-public-access-block";
    let nc = ["NoSuchPublicAccessBlockConfiguration"];
    if let Some(out) = cx
        .one(
            "s3control",
            op,
            None,
            &nc,
            c.get_public_access_block().account_id(account_id).send(),
        )
        .await
    {
        let v = obj()
            .o(
                "PublicAccessBlockConfiguration",
                out.public_access_block_configuration(),
                |p| {
                    obj()
                        .b("BlockPublicAcls", p.block_public_acls())
                        .b("IgnorePublicAcls", p.ignore_public_acls())
                        .b("BlockPublicPolicy", p.block_public_policy())
                        .b("RestrictPublicBuckets", p.restrict_public_buckets())
                        .done()
                },
            )
            .done();
        cx.write("s3control", op, None, &v);
    }
}
