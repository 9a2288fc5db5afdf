//! S3 Control (under us-east-1): the account-level Block Public Access settings.
//!
//! S3 Control puts the account id in the host name (`<account>.s3-control.<region>.amazonaws.com`),
//! also in front of a custom endpoint (`--endpoint-url https://x` → `https://<account>.x`). A host
//! prefix cannot go on an IP literal, and `<account>.localhost` does not resolve on most systems:
//! for an endpoint whose host is an IP address or `localhost` (an emulator on loopback), the account
//! id is left out of the host ([`LoopbackResolver`]). It is still sent in the `x-amz-account-id`
//! header, which is what identifies the account to the service.

use aws_sdk_s3control::Client;
use aws_sdk_s3control::config::endpoint::{
    DefaultResolver, EndpointFuture, Params, ResolveEndpoint,
};

use crate::ctx::Ctx;
use crate::json::obj;

/// The SDK's endpoint rules, minus the `<account>.` host prefix when the custom endpoint's host is
/// an IP literal or `localhost`.
#[derive(Debug, Default)]
pub(crate) struct LoopbackResolver(DefaultResolver);

impl ResolveEndpoint for LoopbackResolver {
    fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
        let resolved = self.0.resolve_endpoint(params);
        EndpointFuture::new(async move {
            let endpoint = resolved.await?;
            let custom = params.endpoint().filter(|e| host_takes_no_prefix(e));
            match (custom, params.account_id()) {
                (Some(_), Some(account)) => match without_host_prefix(endpoint.url(), account) {
                    Some(url) => Ok(endpoint.into_builder().url(url).build()),
                    None => Ok(endpoint),
                },
                _ => Ok(endpoint),
            }
        })
    }
}

/// The host of `url` (`scheme://[userinfo@]host[:port][/path]`), without brackets for IPv6.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = hostport.strip_prefix('[') {
        return v6.split_once(']').map(|(h, _)| h);
    }
    Some(hostport.split_once(':').map_or(hostport, |(h, _)| h))
}

/// True when `endpoint`'s host is an IP literal or `localhost`: no DNS name can be made from it by
/// prefixing a label.
pub(crate) fn host_takes_no_prefix(endpoint: &str) -> bool {
    host(endpoint).is_some_and(|h| {
        h.eq_ignore_ascii_case("localhost") || h.parse::<std::net::IpAddr>().is_ok()
    })
}

/// `scheme://<account>.rest` → `scheme://rest`; `None` when the URL has no such prefix.
fn without_host_prefix(url: &str, account: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let rest = rest.strip_prefix(account)?.strip_prefix('.')?;
    Some(format!("{scheme}://{rest}"))
}

fn client(cx: &Ctx) -> Client {
    let conf = aws_sdk_s3control::config::Builder::from(&cx.sdk)
        .endpoint_resolver(LoopbackResolver::default())
        .build();
    Client::from_conf(conf)
}

/// `s3control-get-public-access-block.json`; `{}` when the account has none.
pub(crate) async fn collect(cx: &Ctx, account_id: &str) {
    let c = client(cx);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn loopback_and_ip_hosts_take_no_prefix() {
        assert!(host_takes_no_prefix("http://127.0.0.1:5000"));
        assert!(host_takes_no_prefix("http://localhost:4566/"));
        assert!(host_takes_no_prefix("http://LOCALHOST"));
        assert!(host_takes_no_prefix("http://[::1]:5000/x"));
        assert!(host_takes_no_prefix("https://user@10.0.0.7:443"));
        assert!(!host_takes_no_prefix("https://s3-control.example.com"));
        assert!(!host_takes_no_prefix(
            "https://vpce-1.s3-control.us-east-1.vpce.amazonaws.com"
        ));
        assert!(!host_takes_no_prefix("http://localhost.example.com:5000"));
        assert!(!host_takes_no_prefix("http://127.0.0.1.nip.io"));
    }

    #[test]
    fn the_account_prefix_is_removed_once() {
        assert_eq!(
            without_host_prefix("http://123456789012.127.0.0.1:5000", "123456789012").as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(
            without_host_prefix("http://127.0.0.1:5000", "123456789012"),
            None
        );
        assert_eq!(
            without_host_prefix("http://1234567890123.localhost", "123456789012"),
            None
        );
    }

    /// What the SDK's rules resolve for a loopback endpoint, and what we send instead; a DNS
    /// endpoint keeps the SDK's answer.
    #[tokio::test]
    async fn resolver_keeps_aws_hosts_and_drops_the_prefix_on_loopback() {
        let params = |endpoint: Option<&str>| {
            Params::builder()
                .region("us-east-1")
                .account_id("123456789012")
                .requires_account_id(true)
                .set_endpoint(endpoint.map(str::to_owned))
                .build()
        };
        let r = LoopbackResolver::default();
        let Ok(p) = params(Some("http://127.0.0.1:5000")) else {
            panic!("params")
        };
        let url = r.resolve_endpoint(&p).await.map(|e| e.url().to_owned());
        assert_eq!(url.ok().as_deref(), Some("http://127.0.0.1:5000"));
        let Ok(p) = params(Some("https://s3-control.example.com")) else {
            panic!("params")
        };
        let url = r.resolve_endpoint(&p).await.map(|e| e.url().to_owned());
        assert_eq!(
            url.ok().as_deref(),
            Some("https://123456789012.s3-control.example.com")
        );
        let Ok(p) = params(None) else {
            panic!("params")
        };
        let url = r.resolve_endpoint(&p).await.map(|e| e.url().to_owned());
        assert_eq!(
            url.ok().as_deref(),
            Some("https://123456789012.s3-control.us-east-1.amazonaws.com")
        );
    }

    proptest! {
        #[test]
        fn host_never_panics_and_ipv4_is_recognised(a in 0u8..=255, b in 0u8..=255, port in 1u16.., s in ".*") {
            let _ = host_takes_no_prefix(&s);
            let url = format!("http://{a}.1.2.{b}:{port}/p");
            prop_assert!(host_takes_no_prefix(&url));
        }
    }
}
