using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gatehouse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryApiAndSystemLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BootstrapTokenHash",
                table: "Orgs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DefaultPolicyCreated",
                table: "AuthorizationServers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Activated",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastLogin",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PasswordChanged",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusChanged",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastUpdated",
                table: "AppGroupAssignments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AppUserAssignments",
                columns: table => new
                {
                    AppId = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUpdated = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppUserAssignments", x => new { x.AppId, x.UserId });
                    table.ForeignKey(
                        name: "FK_AppUserAssignments_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "LogEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Uuid = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Published = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OutcomeResult = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    TargetIds = table.Column<string>(type: "TEXT", nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogEvents", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "PasswordHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    Replaced = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PasswordHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PasswordHistory_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrustedOrigins",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Cors = table.Column<bool>(type: "INTEGER", nullable: false),
                    Redirect = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Created = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastUpdated = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastUpdatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustedOrigins", x => x.Id);
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
                name: "IX_AppUserAssignments_UserId",
                table: "AppUserAssignments",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationServerPolicies_AuthorizationServerId",
                table: "AuthorizationServerPolicies",
                column: "AuthorizationServerId");

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationServerPolicyRules_PolicyId",
                table: "AuthorizationServerPolicyRules",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_LogEvents_ActorId",
                table: "LogEvents",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_LogEvents_EventType",
                table: "LogEvents",
                column: "EventType");

            migrationBuilder.CreateIndex(
                name: "IX_LogEvents_Published_Sequence",
                table: "LogEvents",
                columns: new[] { "Published", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEvents_Uuid",
                table: "LogEvents",
                column: "Uuid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PasswordHistory_UserId",
                table: "PasswordHistory",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_TrustedOrigins_Origin",
                table: "TrustedOrigins",
                column: "Origin",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppUserAssignments");

            migrationBuilder.DropTable(
                name: "AuthorizationServerPolicyRules");

            migrationBuilder.DropTable(
                name: "LogEvents");

            migrationBuilder.DropTable(
                name: "PasswordHistory");

            migrationBuilder.DropTable(
                name: "TrustedOrigins");

            migrationBuilder.DropTable(
                name: "AuthorizationServerPolicies");

            migrationBuilder.DropColumn(
                name: "BootstrapTokenHash",
                table: "Orgs");

            migrationBuilder.DropColumn(
                name: "DefaultPolicyCreated",
                table: "AuthorizationServers");

            migrationBuilder.DropColumn(
                name: "Activated",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LastLogin",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PasswordChanged",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "StatusChanged",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "LastUpdated",
                table: "AppGroupAssignments");
        }
    }
}
