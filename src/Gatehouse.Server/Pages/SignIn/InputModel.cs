using System.ComponentModel.DataAnnotations;

namespace Gatehouse.Server.Pages.SignIn;

public sealed class InputModel
{
    [Required(ErrorMessage = "Enter your username.")]
    [StringLength(256)]
    [Display(Name = "Username")]
    public string Username { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;
}
