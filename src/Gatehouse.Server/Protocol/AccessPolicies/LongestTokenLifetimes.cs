using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>
/// The longest access-token and refresh-token lifetimes any token of any authorization server may have now: the
/// org server's fixed ones (<see cref="TokenLifetimes"/>) or the longest in any access-policy rule, whichever is
/// longer. <see cref="Keys.SigningKeyLifecycle"/> keeps a retired signing key published and validating that long.
/// <para>
/// The rule, kept simple: every rule counts, active or not (it may be activated at any time). When an admin
/// shortens the longest lifetime, tokens already issued keep theirs, so the previous value still counts until that
/// long after the change. Reloaded at start, after every policy change and on every key-rotation check (which also
/// picks up changes made by another node). A restart forgets a shortened value: the check runs well within it in
/// practice, and the cost of being wrong is a token rejected early, never a token accepted late.
/// </para>
/// </summary>
internal sealed class LongestTokenLifetimes(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly HighWaterMark _accessToken = new(TokenLifetimes.AccessToken);
    private readonly HighWaterMark _refreshToken = new(TokenLifetimes.RefreshToken);

    public TimeSpan AccessToken
    {
        get
        {
            lock (_lock)
            {
                return _accessToken.Get(timeProvider.GetUtcNow());
            }
        }
    }

    public TimeSpan RefreshToken
    {
        get
        {
            lock (_lock)
            {
                return _refreshToken.Get(timeProvider.GetUtcNow());
            }
        }
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var rules = await database.AuthorizationServerPolicyRules.AsNoTracking()
            .Select(rule => new { rule.AccessTokenLifetimeMinutes, rule.RefreshTokenWindowMinutes })
            .ToListAsync(cancellationToken);

        // Each refresh token lives at most its rule's window (the chain's lifetime only shortens it).
        var access = rules.Select(rule => TimeSpan.FromMinutes(rule.AccessTokenLifetimeMinutes)).Append(TokenLifetimes.AccessToken).Max();
        var refresh = rules.Select(rule => TimeSpan.FromMinutes(rule.RefreshTokenWindowMinutes)).Append(TokenLifetimes.RefreshToken).Max();
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            _accessToken.Set(access, now);
            _refreshToken.Set(refresh, now);
        }
    }

    /// <summary>A lifetime that, when lowered, keeps its previous value until tokens issued under it have expired.</summary>
    private sealed class HighWaterMark(TimeSpan initial)
    {
        private TimeSpan _current = initial;
        private TimeSpan _previous;
        private DateTimeOffset _previousUntil;

        public TimeSpan Get(DateTimeOffset now) => now < _previousUntil && _previous > _current ? _previous : _current;

        public void Set(TimeSpan value, DateTimeOffset now)
        {
            var effective = Get(now);
            if (value < effective)
            {
                _previous = effective;
                _previousUntil = now + effective;
            }

            _current = value;
        }
    }
}
