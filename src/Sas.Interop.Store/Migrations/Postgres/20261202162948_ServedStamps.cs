using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
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
                    PractitionerNationalId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SourceInstance = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Stamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_served_stamps", x => new { x.PractitionerNationalId, x.SourceInstance });
                });

            // Hand-written: the triggers that bump the stamps on every write (the model cannot express them).
            migrationBuilder.Sql(ServedStampTriggers.CreatePostgres());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ServedStampTriggers.DropPostgres());

            migrationBuilder.DropTable(
                name: "served_stamps");
        }
    }
}
