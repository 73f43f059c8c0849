using OpenIddict.Server;

using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// One database write per new reference token (refresh tokens, authorization codes) instead of two. OpenIddict's
/// <c>CreateTokenEntry</c> inserts the entry first (the token's id goes into its payload), then
/// <c>AttachTokenPayload</c> updates it with the payload and the hashed reference id. Arming
/// <see cref="DeferredTokenEntryWrite"/> right before <c>CreateTokenEntry</c> makes <see cref="GatehouseTokenStore"/>
/// only add the entry; the payload's update then saves it, with every column OpenIddict set, in one INSERT. Both
/// handlers and the manager (status, expiry, subject, hashing of the reference id) stay OpenIddict's; the entry is
/// still written before the response (docs/decisions/0008-sqlite-durability.md). Armed only when both handlers will
/// run; <see cref="DisarmDescriptor"/> clears it after <c>CreateTokenEntry</c> in any case.
/// </summary>
internal sealed class DeferReferenceTokenEntryWrite(DeferredTokenEntryWrite deferral) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseScopedHandler<DeferReferenceTokenEntryWrite>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor DisarmDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseScopedHandler<Disarm>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The filters of CreateTokenEntry (storage on, entry wanted) and of AttachTokenPayload (payload persisted).
        if (context.CreateTokenEntry && context.IsReferenceToken && context.PersistTokenPayload &&
            !context.Options.EnableDegradedMode && !context.Options.DisableTokenStorage)
        {
            deferral.Arm(context.TokenType);
        }

        return ValueTask.CompletedTask;
    }

    internal sealed class Disarm(DeferredTokenEntryWrite deferral) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            deferral.Disarm();
            return ValueTask.CompletedTask;
        }
    }
}
