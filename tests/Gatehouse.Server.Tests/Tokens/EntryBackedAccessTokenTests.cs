using System.Net;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// An upgrade keeps the access tokens an earlier version issued with a database entry (before ADR 0013) working until
/// they expire: they carry a token id, so OpenIddict validates and revokes them through the entry as before. The
/// server here is made to store access-token entries again, as that version did.
/// </summary>
public sealed class EntryBackedAccessTokenTests
{
    [Fact]
    public async Task AccessTokenWithAnEntry_StillWorks_AndRevokingItMakesItInactive()
    {
        await using var server = await GatehouseServer.StartAsync(configureServices: services =>
            services.AddOpenIddict().AddServer(options => options.AddEventHandler(StoreAccessTokenEntries.Descriptor)));
        var (request, tokens) = await Issued.TokensAsync(server, server.DefaultIssuer);
        var accessToken = tokens["access_token"]!;
        Assert.True(Jwt.Payload(accessToken).TryGetProperty("oi_tkn_id", out _));
        using var http = server.CreateClient();
        var client = new TokenClient(http);
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
        Assert.True((await client.IntrospectAsync(request.EndpointBase, accessToken)).Json.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await client.RevokeAsync(request.EndpointBase, accessToken)).Status);

        Assert.False((await client.IntrospectAsync(request.EndpointBase, accessToken)).Json.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(request.EndpointBase, accessToken)).Status);
    }

    /// <summary>Runs after Gatehouse's <c>SkipSelfContainedTokenEntries</c> and turns the entry back on for access tokens.</summary>
    private sealed class StoreAccessTokenEntries : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
                .UseSingletonHandler<StoreAccessTokenEntries>()
                .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 100)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.TokenType is TokenTypeIdentifiers.AccessToken)
            {
                context.CreateTokenEntry = true;
            }

            return ValueTask.CompletedTask;
        }
    }
}
