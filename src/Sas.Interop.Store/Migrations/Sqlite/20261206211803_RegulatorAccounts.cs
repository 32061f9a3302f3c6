using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegulatorAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "regulator_account_identifiers",
                columns: table => new
                {
                    System = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    AccountHubId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulator_account_identifiers", x => new { x.System, x.Value });
                });

            migrationBuilder.CreateTable(
                name: "regulator_accounts",
                columns: table => new
                {
                    HubId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    ResourceJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulator_accounts", x => x.HubId);
                });

            migrationBuilder.CreateTable(
                name: "regulator_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Stream = table.Column<string>(type: "TEXT", nullable: false),
                    Destination = table.Column<string>(type: "TEXT", nullable: false),
                    AccountHubId = table.Column<string>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    IdentifierSystem = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierValue = table.Column<string>(type: "TEXT", nullable: false),
                    ResourceJson = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    EnqueuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regulator_outbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_regulator_account_identifiers_AccountHubId",
                table: "regulator_account_identifiers",
                column: "AccountHubId");

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_Destination",
                table: "regulator_outbox",
                column: "Destination");

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_State_NextAttemptAtUtc",
                table: "regulator_outbox",
                columns: new[] { "State", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_regulator_outbox_Stream_Sequence",
                table: "regulator_outbox",
                columns: new[] { "Stream", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "regulator_account_identifiers");

            migrationBuilder.DropTable(
                name: "regulator_accounts");

            migrationBuilder.DropTable(
                name: "regulator_outbox");
        }
    }
}
