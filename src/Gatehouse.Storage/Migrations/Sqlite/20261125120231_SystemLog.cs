using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gatehouse.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SystemLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LogEvents");
        }
    }
}
