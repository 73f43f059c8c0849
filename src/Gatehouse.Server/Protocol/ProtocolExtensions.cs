using Gatehouse.Server.Apps;
using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Authorize;
using Gatehouse.Server.Protocol.ClientCredentials;
using Gatehouse.Server.Protocol.Dispatch;
using Gatehouse.Server.Protocol.Introspection;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Protocol.Logout;
using Gatehouse.Server.Protocol.Refresh;
using Gatehouse.Server.Protocol.Revocation;
using Gatehouse.Server.Protocol.ScopeValidation;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Server.Protocol.TokenEntries;
using Gatehouse.Server.Protocol.UserInfo;
using Gatehouse.Storage;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Protocol;

/// <summary>
/// The OAuth 2.0 / OpenID Connect protocol: OpenIddict does the protocol work; Gatehouse adds Okta's URL layout,
/// per-server keys and Okta's token shapes as small handlers (see openiddict-notes.md).
/// </summary>
internal static class ProtocolExtensions
{
    public static IServiceCollection AddGatehouseProtocol(this IServiceCollection services)
    {
        services.AddGatehouseSigningKeys();
        services.AddHostedService<KeyRotationService>();
        services.AddSingleton<TokenPruningService>();
        services.AddHostedService(provider => provider.GetRequiredService<TokenPruningService>());
        services.AddSingleton<SecretHasher>();
        services.AddScoped<AccessPolicyEvaluator>();
        services.AddSingleton<AccessPolicyCache>();
        services.AddSingleton<ScopeSnapshot>();
        services.AddSingleton<ApplicationSnapshots>();
        services.AddScoped<UserGroupsClaim>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ConfigureServerOptions>();
        services.AddScoped<DeferredTokenEntryWrite>();
        services.AddScoped<RevokedAccessTokenList>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<GatehouseDbContext>();
                core.ReplaceApplicationManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication, GatehouseApplicationManager>();
                core.ReplaceScopeManager<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope, CachingScopeManager>();
                core.ReplaceTokenStore<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken, GatehouseTokenStore>();
                core.ReplaceAuthorizationStore<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization, GatehouseAuthorizationStore>();
            })
            .AddServer(server =>
            {
                // Relative URIs switch the endpoints on; InferIssuerAndEndpoint maps the real paths of every issuer.
                server.SetAuthorizationEndpointUris("oauth2/v1/authorize")
                    .SetTokenEndpointUris("oauth2/v1/token")
                    .SetUserInfoEndpointUris("oauth2/v1/userinfo")
                    .SetJsonWebKeySetEndpointUris("oauth2/v1/keys")
                    .SetEndSessionEndpointUris("oauth2/v1/logout")
                    .SetIntrospectionEndpointUris("oauth2/v1/introspect")
                    .SetRevocationEndpointUris("oauth2/v1/revoke")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration");

                server.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                // Okta: codes live 300 s; org-server tokens 60 min; refresh tokens 90 days. Custom servers' access and
                // refresh tokens live as their access-policy rule says (AccessPolicies/ApplyAccessPolicy).
                server.SetAuthorizationCodeLifetime(TokenLifetimes.AuthorizationCode)
                    .SetAccessTokenLifetime(TokenLifetimes.AccessToken)
                    .SetIdentityTokenLifetime(TokenLifetimes.IdentityToken)
                    .SetRefreshTokenLifetime(TokenLifetimes.RefreshToken);

                server.RegisterScopes([.. UserProfileClaims.StandardScopes]);
                server.RegisterClaims([.. UserProfileClaims.Supported, Claims.Issuer, Claims.Audience, Claims.ExpiresAt,
                    Claims.IssuedAt, Claims.JwtId, Claims.AuthenticationTime, Claims.AuthenticationMethodReference,
                    OktaClaimTypes.IdentityProvider, OktaClaimTypes.Version, Claims.Nonce, "at_hash"]);

                // Access tokens are RS256 JWS as Okta's; refresh tokens (and codes) are opaque references.
                server.DisableAccessTokenEncryption();
                server.UseReferenceRefreshTokens();


                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();

                server.RemoveEventHandler(OpenIddictServerHandlers.InferEndpointType.Descriptor);
                server.AddEventHandler(InferIssuerAndEndpoint.Descriptor);
                server.AddEventHandler(AttachIssuerEndpoints.Descriptor);
                server.AddEventHandler(AdvertiseImplementedFeatures.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor);
                server.AddEventHandler(AttachIssuerSigningKeys.Descriptor);
                server.AddEventHandler(UseIssuerSigningKey.Descriptor);
                server.AddEventHandler(RestrictValidationToIssuerKeys.Descriptor);
                server.AddEventHandler(AttachKeySetCacheHeaders.Descriptor);
                server.AddEventHandler(RequireState.Descriptor);
                server.AddEventHandler(LimitStateLength.Descriptor);
                server.AddEventHandler(ReturnErrorsToVerifiedRedirectUri.RememberDescriptor);
                server.AddEventHandler(ReturnErrorsToVerifiedRedirectUri.ApplyDescriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Authentication.ValidateRequestParameter.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Authentication.ValidateRequestUriParameter.Descriptor);
                server.AddEventHandler(RejectRequestObjects.Descriptor);
                server.AddEventHandler(ShapeOktaTokenClaims.Descriptor);
                server.AddEventHandler(SkipSelfContainedTokenEntries.Descriptor);
                server.AddEventHandler(ValidateSelfContainedAccessTokens.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor);
                server.AddEventHandler(RevokeSelfContainedAccessTokens.Descriptor);
                server.AddEventHandler(DeferReferenceTokenEntryWrite.Descriptor);
                server.AddEventHandler(DeferReferenceTokenEntryWrite.DisarmDescriptor);
                server.AddEventHandler(ReadOktaTokenClaims.Descriptor);
                server.AddEventHandler(AttachUserProfileToUserInfo.Descriptor);
                server.AddEventHandler(GrantClientCredentials.Descriptor);
                server.AddEventHandler(RejectInvalidIdTokenHint.Descriptor);
                server.AddEventHandler(AttachOktaIntrospectionClaims.Descriptor);
                server.AddEventHandler(RejectRefreshForInactiveUsers.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor);
                server.AddEventHandler(RefreshTokenRotation.RedeemDescriptor);
                server.AddEventHandler(RefreshTokenRotation.KeepDescriptor);
                server.AddEventHandler(RefreshTokenRotation.ReturnDescriptor);
                server.AddEventHandler(RejectDeactivatedApps.Descriptor);
                server.AddEventHandler(ApplyAccessPolicy.Descriptor);
                server.AddEventHandler(ReturnPolicyFailureAsUnauthorized.Descriptor);
            });
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>());
        return services;
    }

    /// <summary>
    /// The persistent token-encryption key from the key ring, the refresh-token reuse window, and only the
    /// features Gatehouse implements (RFC 9700 §2.1.1: PKCE S256 only; no fragment without implicit/hybrid flows).
    /// </summary>
    private sealed class ConfigureServerOptions(KeyRing keyRing, IOptions<GatehouseOptions> gatehouse) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                keyRing.TokenEncryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
            // OpenIddict wants a signing key in its options (and derives the advertised RS256 from it); every token
            // is signed with its own authorization server's active key (UseIssuerSigningKey) and JWKS publishes per
            // server (AttachIssuerSigningKeys), so this one only satisfies option validation. Not
            // AddEphemeralSigningKey: generating RSA-2048 at the first request was most of the cold start
            // (docs/performance.md).
            var orgKeys = keyRing.GetSigningKeys(string.Empty);
            options.SigningCredentials.Add(orgKeys.Count > 0
                ? orgKeys[0].Credentials
                : throw new InvalidOperationException("The org server's signing keys are not loaded."));
            options.RefreshTokenReuseLeeway = gatehouse.Value.RefreshTokenReuseLeeway;
            ReplaceWith(options.CodeChallengeMethods, CodeChallengeMethods.Sha256);
            ReplaceWith(options.ResponseModes, ResponseModes.Query, ResponseModes.FormPost);
            ReplaceWith(options.ClientAuthenticationMethods, ClientAuthenticationMethods.ClientSecretBasic,
                ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.None);
            // Apps have implicit (admin-granted) consent, as Okta's first-party apps: prompt=consent is already satisfied.
            ReplaceWith(options.PromptValues, PromptValues.Login, PromptValues.None, PromptValues.Consent);
        }

        private static void ReplaceWith(HashSet<string> set, params string[] values)
        {
            set.Clear();
            set.UnionWith(values);
        }
    }
}
