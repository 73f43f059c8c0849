using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Apps;

/// <summary>
/// A deactivated (INACTIVE) app cannot be used at any endpoint that names a client — authorize, token (so its
/// refresh tokens and client credentials stop working), introspect, revoke, logout — and is refused as OpenIddict
/// refuses an unknown client: <c>invalid_client</c> where the client authenticates (RFC 6749 §5.2), otherwise
/// <c>invalid_request</c> shown on Gatehouse, never sent to the app's redirect URI. Runs right after OpenIddict has
/// found the client.
/// </summary>
internal sealed class RejectDeactivatedApps(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<RejectDeactivatedApps>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(context.ClientId)
            || await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken) is not { } application)
        {
            return;
        }

        var properties = await applications.GetPropertiesAsync(application, context.CancellationToken);
        if (properties.TryGetValue(OidcAppStore.SettingsProperty, out var settings)
            && settings.TryGetProperty(nameof(StoredSettings.Status), out var status)
            && status.GetString() != OidcApp.ActiveStatus)
        {
            var error = context.EndpointType is OpenIddictServerEndpointType.Authorization or OpenIddictServerEndpointType.EndSession
                ? Errors.InvalidRequest
                : Errors.InvalidClient;
            context.Reject(error, "The client application is deactivated.");
        }
    }
}
