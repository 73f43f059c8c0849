using Gatehouse.Server.Tests.Apps;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// Validating a token reads its entry and authorization once (Protocol/TokenEntries/TokenEntryQueries); the later
/// lookups of the same token and authorization by id answer from the request's context, without a query and without
/// a full <c>DetectChanges</c> (Protocol/TokenEntries/TrackedEntities). What the request has not read comes from the
/// database. That the authorization's state is still enforced (a reused code revokes it and its access token stops
/// working) is CodeRedemptionTests' business.
/// </summary>
public sealed class AuthorizationLookupTests
{
    [Fact]
    public async Task LookupsById_AnswerWithTrackedRows_WithoutQueryOrDetectChanges_ElseRead()
    {
        var recorder = new CommandRecorder();
        await using var server = await GatehouseServer.StartAsync(configureServices: recorder.AddTo);
        await Issued.TokensAsync(server, server.DefaultIssuer);

        string authorizationId;
        await using (var request = server.Services.CreateAsyncScope())
        {
            var database = request.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            var token = await database.Set<OpenIddictEntityFrameworkCoreToken>()
                .Include(token => token.Authorization).AsTracking()
                .FirstAsync(token => token.Authorization != null);
            authorizationId = token.Authorization!.Id!;
            var detectChangesRuns = 0;
            database.ChangeTracker.DetectingAllChanges += (_, _) => detectChangesRuns++;
            recorder.Clear();

            var authorization = await request.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization>>()
                .FindByIdAsync(authorizationId, CancellationToken.None);
            var sameToken = await request.ServiceProvider.GetRequiredService<IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken>>()
                .FindByIdAsync(token.Id!, CancellationToken.None);

            Assert.Same(token.Authorization, authorization);
            Assert.Same(token, sameToken);
            // This request's context only: on PostgreSQL the configuration poll runs every second (ADR 0012).
            Assert.Empty(recorder.CommandsOf(database));
            Assert.Equal(0, detectChangesRuns);
        }

        await using var otherRequest = server.Services.CreateAsyncScope();
        recorder.Clear();

        var read = await otherRequest.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization>>()
            .FindByIdAsync(authorizationId, CancellationToken.None);

        Assert.Equal(authorizationId, read?.Id);
        Assert.Contains(recorder.Commands, command => command.Contains("FROM \"OpenIddictAuthorizations\"", StringComparison.Ordinal));
    }
}
