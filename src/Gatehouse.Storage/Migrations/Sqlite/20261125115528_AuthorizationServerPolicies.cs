using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gatehouse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuthorizationServerPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DefaultPolicyCreated",
                table: "AuthorizationServers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AuthorizationServerPolicies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AuthorizationServerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClientIds = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUpdated = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizationServerPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuthorizationServerPolicies_AuthorizationServers_AuthorizationServerId",
                        column: x => x.AuthorizationServerId,
                        principalTable: "AuthorizationServers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuthorizationServerPolicyRules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PolicyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    GrantTypes = table.Column<string>(type: "TEXT", nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", nullable: false),
                    GroupIds = table.Column<string>(type: "TEXT", nullable: false),
                    UserIds = table.Column<string>(type: "TEXT", nullable: false),
                    AccessTokenLifetimeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshTokenLifetimeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    RefreshTokenWindowMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUpdated = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizationServerPolicyRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuthorizationServerPolicyRules_AuthorizationServerPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "AuthorizationServerPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationServerPolicies_AuthorizationServerId",
                table: "AuthorizationServerPolicies",
                column: "AuthorizationServerId");

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationServerPolicyRules_PolicyId",
                table: "AuthorizationServerPolicyRules",
                column: "PolicyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorizationServerPolicyRules");

            migrationBuilder.DropTable(
                name: "AuthorizationServerPolicies");

            migrationBuilder.DropColumn(
                name: "DefaultPolicyCreated",
                table: "AuthorizationServers");
        }
    }
}
