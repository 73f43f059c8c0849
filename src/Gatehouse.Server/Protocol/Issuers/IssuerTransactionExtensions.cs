using OpenIddict.Server;

namespace Gatehouse.Server.Protocol.Issuers;

internal static class IssuerTransactionExtensions
{
    private const string PropertyName = "gatehouse:issuer";

    public static void SetIssuer(this OpenIddictServerTransaction transaction, Issuer issuer) =>
        transaction.Properties[PropertyName] = issuer;

    /// <summary>
    /// The authorization server of this request. Every protocol request has one (set by
    /// <see cref="InferIssuerAndEndpoint"/>); failing closed when missing keeps a token from ever being signed or
    /// validated with the wrong server's keys.
    /// </summary>
    public static Issuer GetIssuer(this OpenIddictServerTransaction transaction) =>
        transaction.Properties.TryGetValue(PropertyName, out var value) && value is Issuer issuer
            ? issuer
            : throw new InvalidOperationException("The authorization server of this request is unknown.");
}
