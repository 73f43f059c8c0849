using System.ComponentModel.DataAnnotations;

namespace Gatehouse.Server.Pages.SignIn;

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Enter your username.")]
    [StringLength(256)]
    public string Username { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter a new password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "Confirm the new password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = string.Empty;
}
