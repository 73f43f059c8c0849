using System.Text;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Pages.ResetPassword;

/// <summary>
/// Okta's <c>resetPasswordUrl</c>: <c>{origin}/reset_password/{token}</c>, the token carrying the user id and an
/// Identity reset token (Identity/ResetPasswordTokenProvider.cs), so nothing about it is stored.
/// </summary>
internal static class ResetPasswordLink
{
    public const string PathPrefix = "/reset_password/";

    public static string Create(string origin, string userId, string identityToken) =>
        origin + PathPrefix + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(userId + "." + identityToken));

    public static bool TryRead(string? token, out string userId, out string identityToken)
    {
        userId = identityToken = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1)
        {
            return false;
        }

        (userId, identityToken) = (text[..dot], text[(dot + 1)..]);
        return true;
    }
}
