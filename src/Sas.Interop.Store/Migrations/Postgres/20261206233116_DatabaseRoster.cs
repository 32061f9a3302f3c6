using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DatabaseRoster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "roster_entries",
                columns: table => new
                {
                    SourceInstance = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    NationalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, collation: "C"),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true, collation: "C"),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    AddedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roster_entries", x => new { x.SourceInstance, x.NationalId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "roster_entries");
        }
    }
}
