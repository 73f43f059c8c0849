using System.Security.Claims;

using BenchmarkDotNet.Attributes;

using Gatehouse.Bench.LoadDriver;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Protocol.Keys;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Bench.Microbenchmarks;

/// <summary>
/// The work of each load scenario, one piece at a time, on the real services of a running Gatehouse: what one
/// signature, one password verification, one client authentication and one discovery/JWKS request cost.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string ClientSecret = "bench-service-secret-0123456789abcdefghijk";

    private BenchHost _host = null!;
    private HttpClient _http = null!;
    private SecretHasher _secretHasher = null!;
    private string _storedSecretHash = null!;
    private IPasswordHasher<GatehouseUser> _passwordHasher = null!;
    private string _passwordHash = null!;
    private readonly JsonWebTokenHandler _tokenHandler = new();
    private SecurityTokenDescriptor _accessToken = null!;
    private Uri _discovery = null!;
    private Uri _jwks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchHost.StartAsync().GetAwaiter().GetResult();
        var services = _host.Services;
        _secretHasher = services.GetRequiredService<SecretHasher>();
        _storedSecretHash = _secretHasher.Hash(ClientSecret);
        _passwordHasher = services.GetRequiredService<IPasswordHasher<GatehouseUser>>();
        _passwordHash = _passwordHasher.HashPassword(new GatehouseUser(), _host.Options.Password);
        // An access token of the default server, shaped as Gatehouse's (Protocol/TokenClaims), signed with its active key.
        var now = DateTime.UtcNow;
        _accessToken = new SecurityTokenDescriptor
        {
            Issuer = _host.Options.Issuer.AbsoluteUri.TrimEnd('/'),
            Audience = "api://default",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            TokenType = "at+jwt",
            SigningCredentials = services.GetRequiredService<KeyRing>().GetActiveSigningKey("default").Credentials,
            Subject = new ClaimsIdentity([new("sub", "user0001@bench.test"), new("uid", "00u0123456789abcdefgh"), new("cid", "0oabenchweb0000000001"), new("ver", "1"), new("jti", "AT.0123456789abcdef")]),
            Claims = new Dictionary<string, object> { ["scp"] = new[] { "openid", "profile", "email", "offline_access" } },
        };
        _http = LoadRunner.CreateHttpClient(_host.Options.CaFile);
        _discovery = new Uri(_host.Options.Issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        _jwks = new Uri(_host.Options.Issuer.AbsoluteUri.TrimEnd('/') + "/v1/keys");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "token issuance: RS256 access token")]
    public string SignAccessToken() => _tokenHandler.CreateToken(_accessToken);

    [Benchmark(Description = "password verification: Identity v3")]
    public PasswordVerificationResult VerifyPassword() => _passwordHasher.VerifyHashedPassword(new GatehouseUser(), _passwordHash, _host.Options.Password);

    [Benchmark(Description = "client authentication: keyed hash")]
    public bool VerifyClientSecret() => _secretHasher.Verify(ClientSecret, _storedSecretHash);

    [Benchmark(Description = "discovery document over HTTPS")]
    public Task<string> Discovery() => _http.GetStringAsync(_discovery);

    [Benchmark(Description = "JWKS over HTTPS")]
    public Task<string> Jwks() => _http.GetStringAsync(_jwks);
}
