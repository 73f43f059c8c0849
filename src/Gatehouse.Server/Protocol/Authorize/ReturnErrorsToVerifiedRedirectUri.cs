using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Authorize;

/// <summary>
/// RFC 6749 §4.1.2.1: once the client and its redirect URI are verified, a failing request is answered at the
/// redirect URI (with <c>state</c> and, RFC 9207, <c>iss</c>), as Okta does (<c>error=invalid_scope</c>, a missing
/// <c>state</c>, PKCE required, …). OpenIddict turns every validation rejection into a local error page; errors
/// raised before the redirect URI is verified (unknown client, unregistered redirect URI, malformed parameters)
/// stay local: never redirect to an unverified URI.
/// </summary>
internal sealed class ReturnErrorsToVerifiedRedirectUri :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>,
    IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    private const string PropertyName = "gatehouse:verified_redirect_uri";

    /// <summary>Right after OpenIddict has matched the redirect URI against the client's registered ones.</summary>
    public static OpenIddictServerHandlerDescriptor RememberDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<ReturnErrorsToVerifiedRedirectUri>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>Right after <c>AttachRedirectUri</c>, which leaves the redirect URI empty for rejected requests.</summary>
    public static OpenIddictServerHandlerDescriptor ApplyDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<ReturnErrorsToVerifiedRedirectUri>()
            .SetOrder(OpenIddictServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Only reached when ValidateClientRedirectUri did not reject (the dispatcher stops at a rejection).
        if (!context.IsRejected && !string.IsNullOrEmpty(context.RedirectUri))
        {
            context.Transaction.Properties[PropertyName] = context.RedirectUri;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.RedirectUri) && !string.IsNullOrEmpty(context.Response.Error)
            && context.Transaction.Properties.TryGetValue(PropertyName, out var value) && value is string redirectUri)
        {
            context.RedirectUri = redirectUri;
        }

        return ValueTask.CompletedTask;
    }
}
