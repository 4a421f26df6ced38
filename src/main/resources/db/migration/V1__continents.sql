CREATE TABLE continents (
    continent_id   BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    continent_name VARCHAR(100)
);

INSERT INTO continents (continent_id, continent_name) VALUES
    (1, 'ASIA'),
    (2, 'AFRICA'),
    (3, 'NORTH AMERICA'),
    (4, 'SOUTH AMERICA'),
    (5, 'ANTARCTICA'),
    (6, 'EUROPE'),
    (7, 'AUSTRALIA');
