using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServedStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "served_stamps",
                columns: table => new
                {
                    PractitionerNationalId = table.Column<string>(type: "TEXT", nullable: false),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    Stamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_served_stamps", x => new { x.PractitionerNationalId, x.SourceInstance });
                });

            // Hand-written: the triggers that bump the stamps on every write (the model cannot express them).
            migrationBuilder.Sql(ServedStampTriggers.CreateSqlite());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ServedStampTriggers.DropSqlite());

            migrationBuilder.DropTable(
                name: "served_stamps");
        }
    }
}
